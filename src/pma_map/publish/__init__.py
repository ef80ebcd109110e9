"""The publishing wing: read uploads, validate, compare, store versions, publish, staff sign-in, audit."""
