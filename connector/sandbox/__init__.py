"""Local stand-ins for SP-API and Commerce REST, for the demo, tests and benchmarks."""
