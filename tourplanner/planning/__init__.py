"""Pure planning: trip request + catalogue -> itinerary. No Flask, no database."""
