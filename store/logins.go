package store

import (
	"crypto/rand"
	"time"

	"gorm.io/gorm"
)

// DeviceLifetime is how long a device stays known to an account after its last
// successful login there (the device cookie lasts as long).
const DeviceLifetime = 365 * 24 * time.Hour

// Logins throttles password guessing the way OWASP's authentication guidance
// describes, so that an attacker cannot lock anyone out:
//
//   - A device an account has logged in on before (its device cookie, see Succeeded)
//     has a count of its own for that account. Typos there slow down only that
//     device, and an attacker elsewhere cannot touch it.
//   - Every other attempt counts for the account (all unknown devices together) and
//     for its IP address, with a higher allowance, so that many residents behind the
//     centre's one address are not held up by one person's typos.
//
// A bucket over its allowance makes the next attempt wait (Throttle), growing with
// each failure; a refused attempt is not counted, so nobody is kept out for longer
// than the longest wait after the last real try.
type Logins struct {
	throttle   *Throttle
	devices    *KVStore
	perAccount int
	perIP      int
}

// NewLogins returns the login throttle: perAccount failures per account from unknown
// devices (and per known device), perIP per address, waits up to longest.
func NewLogins(db *gorm.DB, perAccount, perIP int, longest time.Duration, now func() time.Time) *Logins {
	return &Logins{
		throttle:   NewThrottle(db, longest, now),
		devices:    NewKVStore(db, "login-device", now),
		perAccount: perAccount,
		perIP:      perIP,
	}
}

// Attempt is one login attempt: the account it names (a user id, or the login as
// typed when no account has it, which counts the same way), the device cookie it
// brought (may be empty) and its address.
type Attempt struct {
	Account, Device, IP string

	known bool
}

// Check tells how long the attempt must wait before its password is even looked at
// (0: go ahead). It remembers in a whether the device is known to the account.
func (l *Logins) Check(a *Attempt) (time.Duration, error) {
	if a.Device != "" {
		v, err := l.devices.Get(a.deviceKey())
		if err != nil {
			return 0, err
		}
		a.known = v != nil
	}
	return l.throttle.Wait(l.limits(a)...)
}

// Failed counts a wrong password.
func (l *Logins) Failed(a *Attempt) error {
	limits := l.limits(a)
	buckets := make([]string, len(limits))
	for i, lim := range limits {
		buckets[i] = lim.Bucket
	}
	return l.throttle.Fail(buckets...)
}

// Succeeded remembers the device as known to the account and clears its count. It
// returns the device id for the cookie: the one the attempt brought, or a new one.
func (l *Logins) Succeeded(a *Attempt) (string, error) {
	if a.Device == "" {
		a.Device = rand.Text()
	}
	if err := l.devices.Set(a.deviceKey(), []byte{1}, DeviceLifetime); err != nil {
		return "", err
	}
	if err := l.throttle.Forget(a.deviceBucket()); err != nil {
		return "", err
	}
	return a.Device, nil
}

// DeleteForgotten removes counts nobody needs any more.
func (l *Logins) DeleteForgotten() error { return l.throttle.DeleteForgotten() }

func (l *Logins) limits(a *Attempt) []Limit {
	if a.known {
		return []Limit{{Bucket: a.deviceBucket(), Free: l.perAccount}}
	}
	return []Limit{{Bucket: "account:" + a.Account, Free: l.perAccount}, {Bucket: "ip:" + a.IP, Free: l.perIP}}
}

func (a *Attempt) deviceKey() string    { return a.Device + "|" + a.Account }
func (a *Attempt) deviceBucket() string { return "device:" + a.deviceKey() }
