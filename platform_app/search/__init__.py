"""One search across the site (`/search/?q=`): every kind of record a reader may see, each searched as its
own list searches it, grouped by kind. The kinds are in `registry`; the platform's own in `kinds`."""
