"""The gallery: every job of the library as a lazily paged, lazily thumbnailed grid."""
