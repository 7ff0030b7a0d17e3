"""Pages of this app. Views only translate HTTP: access → form → service → render."""
