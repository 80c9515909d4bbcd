"""Every mail the platform sends goes through one outbox (EmailDelivery): notifications of new items
to a working group, digests, reminders, nominations and support; unsubscribing."""
