// Stands in for a folder that has no code yet, so its library target still exists.
