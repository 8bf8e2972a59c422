"""Pure core of khuyencong-bot: never imports telegram."""
