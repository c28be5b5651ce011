"""Pure rules of the trade: no Flask, no database. Plain values in, plain values out."""
