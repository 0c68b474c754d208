"""Calendar feeds (iCal) of program and screening days: content and pages; the links live in integrations."""
