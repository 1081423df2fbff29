//! Job controller tests.
