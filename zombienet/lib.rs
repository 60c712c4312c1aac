//! Holds the slow-tier network test in `tests/`; see `README.md`.
