"""People's accounts: sign-in and lockout, the second factor, sessions, API tokens, roles and what
the admin lets each change, the profile and the preferences other apps keep on it."""
