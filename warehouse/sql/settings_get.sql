SELECT name, value FROM settings;
