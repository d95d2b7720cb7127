"""forløbsbeskrivelser: patient pathway descriptions as data, independent of MkDocs."""
