package templates

// ParseUnguarded is Parse without its panic guard, so the fuzzer sees panics.
var ParseUnguarded = parseReturned
