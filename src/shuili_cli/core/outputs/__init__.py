"""What is written out: the monthly report package, the annual summary, and the atomic writer."""
