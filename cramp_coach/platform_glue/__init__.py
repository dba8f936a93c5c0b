"""Operating-system glue (start at login, desktop launcher). Pure Python, no Qt; each platform behind one function."""
