package backup

// SetHold makes n call hold while it holds the lock, before it writes the file: a test
// can then see what another instance does meanwhile.
func SetHold(n *Nightly, hold func()) { n.hold = hold }
