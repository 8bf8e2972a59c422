"""The web desk served by the bot itself: staff inbox and requests, admin statistics and knowledge base.

An adapter like handlers/: it never imports telegram, handlers or the database libraries; what it
needs from the Telegram side (relaying a reply, telling an owner, reloading) comes in `WebServices`."""
