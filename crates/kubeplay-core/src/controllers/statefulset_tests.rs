//! StatefulSet controller tests.
