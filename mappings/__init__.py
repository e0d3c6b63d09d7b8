"""Pure mappings from the internal Amazon order model to Commerce REST bodies.

No I/O, no Flask, no database, and nothing imported from ``connector`` at run time."""
