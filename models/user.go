package models

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"onshuis/format"
	"onshuis/password"
)

// Role says what a user may do.
type Role string

// The roles of DESIGN.md section 2. Volunteering is a profile, not a role.
const (
	RoleResident    Role = "resident"
	RoleCoordinator Role = "coordinator"
	RolePartner     Role = "partner" // reads reports only
)

// Errors callers turn into messages next to a form field.
var (
	ErrEmailTaken      = errors.New("email address already in use")
	ErrPhoneTaken      = errors.New("phone number already in use")
	ErrLastCoordinator = errors.New("the last coordinator cannot delete their account")
)

// User is a person with an account: a resident, a coordinator or a partner.
type User struct {
	ID           int64
	Name         string
	Email        *string // normalised lower case; nil when not given
	Phone        *string // normalised +31…; nil when not given
	PasswordHash string
	Role         Role
	Language     string // nl or en
	IsDemo       bool
	AnonymisedAt *time.Time // set when the user deleted their account
	LastSeenAt   *time.Time // last login, or last day a session was used (retention.go)
	// WithoutAccount marks a person a coordinator or lead put on a list by name
	// (guest.go): they never log in; ContactPhone is the number written down for them,
	// AddedByID who wrote it.
	WithoutAccount bool
	ContactPhone   *string
	AddedByID      *int64
	// TrustRevokedAt is when a coordinator took the trust path away (trust.go); nil
	// leaves it to the rule.
	TrustRevokedAt *time.Time
	// SessionGeneration is stamped on each session at login; raising it ends every
	// session that has an older number (see EndSessions).
	SessionGeneration int64
	// IsAdmin marks an administrator: adds, renames and closes centres and names their
	// coordinators (migration 23). Beside the role, not instead of it.
	IsAdmin bool
	// HomeCentreID is the centre a resident chose as their own: its programme comes first.
	HomeCentreID *int64
	CreatedAt    time.Time
	UpdatedAt    time.Time

	// Coordinates and Reads are the centres the user coordinates and whose figures they
	// read, filled by LoadCentreLinks for the logged-in user (not columns).
	Coordinates []int64 `gorm:"-"`
	Reads       []int64 `gorm:"-"`
}

// IsCoordinator reports whether the user has the coordinator role (of one centre or more).
func (u *User) IsCoordinator() bool { return u != nil && u.Role == RoleCoordinator }

// CoordinatesCentre reports whether the user coordinates the centre (after LoadCentreLinks).
func (u *User) CoordinatesCentre(centreID int64) bool {
	return u.IsCoordinator() && slices.Contains(u.Coordinates, centreID)
}

// ReadsCentre reports whether the user may read the centre's figures: its coordinators
// and the partners given it.
func (u *User) ReadsCentre(centreID int64) bool {
	if u == nil {
		return false
	}
	return u.CoordinatesCentre(centreID) || u.Role == RolePartner && slices.Contains(u.Reads, centreID)
}

// FirstName is the first word of the name: what the public reads of an activity's
// lead. Empty for an anonymised (deleted) account or none.
func (u *User) FirstName() string {
	if u == nil {
		return ""
	}
	first, _, _ := strings.Cut(strings.TrimSpace(u.Name), " ")
	return first
}

// Contact is the email address, else the phone number.
func (u *User) Contact() string {
	switch {
	case u.Email != nil:
		return *u.Email
	case u.Phone != nil:
		return *u.Phone
	}
	return ""
}

// PasswordMatches reports whether pw is the user's password.
func (u *User) PasswordMatches(pw string) bool {
	return password.Matches(u.PasswordHash, pw)
}

// NormaliseEmail returns the address in lower case, or false when it is not an address.
func NormaliseEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", false
	}
	return strings.ToLower(s), true
}

// LooksLikeEmail tells a login field holding an email address from one holding a phone number.
func LooksLikeEmail(s string) bool { return strings.Contains(s, "@") }

// UserByID returns the user, or nil when there is none.
func UserByID(db *gorm.DB, id int64) (*User, error) {
	var u User
	err := db.Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load user %d: %w", id, err)
	}
	return &u, nil
}

// UserByLogin finds the active user whose email or phone is login, or nil.
func UserByLogin(db *gorm.DB, login string) (*User, error) {
	var where, value string
	if LooksLikeEmail(login) {
		email, ok := NormaliseEmail(login)
		if !ok {
			return nil, nil
		}
		where, value = "email = ?", email
	} else {
		phone, ok := format.ParsePhone(login)
		if !ok {
			return nil, nil
		}
		where, value = "phone = ?", phone
	}
	var u User
	err := db.Where(where, value).Where("anonymised_at IS NULL").Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to find user by login: %w", err)
	}
	return &u, nil
}

// ContactTaken reports which of email and phone (either may be nil) another account uses.
func ContactTaken(db *gorm.DB, email, phone *string) (emailTaken, phoneTaken bool, err error) {
	count := func(col string, v *string) (bool, error) {
		if v == nil {
			return false, nil
		}
		var n int64
		if err := db.Model(&User{}).Where(col+" = ?", *v).Count(&n).Error; err != nil {
			return false, fmt.Errorf("store: unable to check %s: %w", col, err)
		}
		return n > 0, nil
	}
	if emailTaken, err = count("email", email); err != nil {
		return false, false, err
	}
	phoneTaken, err = count("phone", phone)
	return emailTaken, phoneTaken, err
}

// CreateUser stores a new user. A duplicate email or phone gives ErrEmailTaken or
// ErrPhoneTaken, also when two registrations race.
func CreateUser(db *gorm.DB, u *User) error {
	if u.Role == "" {
		u.Role = RoleResident
	}
	if u.Language == "" {
		u.Language = "nl"
	}
	err := db.Create(u).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return whichContactTaken(db, u.Email, 0)
	}
	if err != nil {
		return fmt.Errorf("store: unable to create user: %w", err)
	}
	return nil
}

// SetUserLanguage remembers the user's language.
func SetUserLanguage(db *gorm.DB, userID int64, lang string) error {
	err := db.Model(&User{}).Where("id = ?", userID).Update("language", lang).Error
	if err != nil {
		return fmt.Errorf("store: unable to set language of user %d: %w", userID, err)
	}
	return nil
}

// AnonymiseUser deletes a user's personal data: name, contact details and password go;
// the row stays without them so that figures (visits, proposals) keep counting.
// The last coordinator cannot leave, or nobody could run the centre.
func AnonymiseUser(db *gorm.DB, userID int64) error {
	return DeleteAccount(db, userID, false)
}

func lastCoordinatorCheck(tx *gorm.DB, userID int64) error {
	var u User
	if err := tx.Where("id = ?", userID).Take(&u).Error; err != nil {
		return fmt.Errorf("store: unable to load user %d to delete: %w", userID, err)
	}
	if u.Role != RoleCoordinator {
		return nil
	}
	var others int64
	err := tx.Model(&User{}).Where("role = ? AND id <> ? AND anonymised_at IS NULL", RoleCoordinator, userID).Count(&others).Error
	if err != nil {
		return fmt.Errorf("store: unable to count coordinators: %w", err)
	}
	if others == 0 {
		return ErrLastCoordinator
	}
	return nil
}

// anonymise removes the personal data of a user inside tx: the records that name them,
// their words in proposals (deletion.go), then the row's name, contacts and password.
// The role stays (it is no personal data, and the report counts proposals and leads by
// it); an anonymised row can never log in.
func anonymise(tx *gorm.DB, userID int64) error {
	var u User
	if err := tx.Where("id = ?", userID).Take(&u).Error; err != nil {
		return fmt.Errorf("store: unable to load user %d to anonymise: %w", userID, err)
	}
	if err := removePersonalRecords(tx, userID); err != nil {
		return fmt.Errorf("store: unable to remove records of user %d: %w", userID, err)
	}
	if err := removeProposalTexts(tx, &u); err != nil {
		return fmt.Errorf("store: unable to remove the proposal texts of user %d: %w", userID, err)
	}
	err := tx.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{
		"name": "", "email": nil, "phone": nil, "contact_phone": nil, "password_hash": "", "home_centre_id": nil, "anonymised_at": tx.NowFunc(),
	}).Error
	if err != nil {
		return fmt.Errorf("store: unable to anonymise user %d: %w", userID, err)
	}
	return nil
}

// removePersonalRecords deletes what links a leaving user to activities and volunteering:
// sign-ups (their place goes to the first on the waiting list), shifts, the volunteer
// offer and its needs, the devices linked to the account and the health check consent
// (its answers stay, tied to nobody). Visits, confirmed hours
// and proposals stay for the figures; they point to the anonymised row, which holds no
// personal data.
func removePersonalRecords(tx *gorm.DB, userID int64) error {
	var joined []int64
	if err := tx.Raw(`SELECT p.activity_id FROM participations p JOIN activities a ON a.id = p.activity_id
		WHERE p.user_id = ? AND p.status = ? AND a.status IN ?`, userID, Joined, runningStatuses).Scan(&joined).Error; err != nil {
		return err
	}
	// An activity that is over keeps counting the sign-up (the report shows it).
	if err := tx.Exec(`UPDATE activities SET
		removed_joined = removed_joined + (SELECT COUNT(*) FROM participations p WHERE p.activity_id = activities.id AND p.user_id = ? AND p.status = ?),
		removed_waitlisted = removed_waitlisted + (SELECT COUNT(*) FROM participations p WHERE p.activity_id = activities.id AND p.user_id = ? AND p.status = ?)
		WHERE status NOT IN ? AND id IN (SELECT activity_id FROM participations WHERE user_id = ?)`,
		userID, Joined, userID, Waitlisted, runningStatuses, userID).Error; err != nil {
		return err
	}
	if err := tx.Where("user_id = ?", userID).Delete(&Participation{}).Error; err != nil {
		return err
	}
	for _, id := range joined {
		a, err := lockActivity(tx, id)
		if err != nil {
			return err
		}
		if _, err := promoteFirst(tx, a); err != nil {
			return err
		}
	}
	for _, table := range []any{&Shift{}, &VolunteerNeed{}, &VolunteerProfile{}, &VisitorKeyLink{}, &Notification{}, &PasswordReset{}, &HealthConsent{}, &Consent{}} {
		if err := tx.Where("user_id = ?", userID).Delete(table).Error; err != nil {
			return err
		}
	}
	for _, table := range []string{"notification_prefs", "notification_tokens", "retention_keeps"} {
		if err := tx.Exec("DELETE FROM "+table+" WHERE user_id = ?", userID).Error; err != nil {
			return err
		}
	}
	return tx.Model(&Need{}).Where("offered_by_id = ?", userID).Update("offered_by_id", nil).Error
}

// AccountRow is a user in the coordinator's account list.
type AccountRow struct {
	ID        int64
	Name      string
	Email     *string
	Phone     *string
	Role      Role
	CreatedAt time.Time
}

// FindAccounts lists up to limit active accounts of the centre (centre_people.go) by
// name: those whose name or e-mail address contains q, ignoring case and accents
// ("ayse" finds Ayşe, "zoe" Zoë); without q, all of them. A whole e-mail address or a
// phone number (however it is written) finds that account wherever it belongs:
// residents belong to the municipality, and one who asks for help at the desk of
// another centre says who they are. It also counts all that match, so the page can say
// it shows only the first of them.
func FindAccounts(db *gorm.DB, centreID int64, q string, limit int) ([]AccountRow, int64, error) {
	// People without an account (guest.go) have no account to list: they are on the
	// participant lists of their activities.
	query := db.Table("users u").Select("u.id, u.name, u.email, u.phone, u.role, u.created_at").
		Where("u.anonymised_at IS NULL AND u.without_account = ?", false).Order("u.name, u.id")
	q = strings.TrimSpace(q)
	email, isEmail := NormaliseEmail(strings.ToLower(q))
	phone, isPhone := format.ParsePhone(q)
	switch {
	case isEmail:
		query = query.Where("u.email = ? OR "+ofCentre, append([]any{email}, centreArgs(centreID)...)...)
	case isPhone:
		query = query.Where("u.phone = ? OR "+ofCentre, append([]any{phone}, centreArgs(centreID)...)...)
	default:
		query = query.Where(ofCentre, centreArgs(centreID)...)
	}
	// Folding accents takes Unicode tables neither database has built in (SQLite's
	// LOWER only knows ASCII), so the names are matched here: a few thousand short rows.
	var all []AccountRow
	if err := query.Scan(&all).Error; err != nil {
		return nil, 0, fmt.Errorf("store: unable to list accounts: %w", err)
	}
	want := foldForSearch(q)
	var rows []AccountRow
	var total int64
	for _, a := range all {
		match := q == "" || strings.Contains(foldForSearch(a.Name), want) ||
			(a.Email != nil && strings.Contains(foldForSearch(*a.Email), want)) ||
			(isPhone && a.Phone != nil && *a.Phone == phone)
		if !match {
			continue
		}
		total++
		if len(rows) < limit {
			rows = append(rows, a)
		}
	}
	return rows, total, nil
}

// foldForSearch lowers s and takes off its accents: "Ayşe Yılmaz" → "ayse yilmaz",
// "Łukasz Wójcik" → "lukasz wojcik".
func foldForSearch(s string) string {
	folded, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), strings.ToLower(s))
	if err != nil {
		folded = strings.ToLower(s)
	}
	// Letters that are not a base letter with an accent in Unicode.
	return strings.NewReplacer("ı", "i", "ł", "l", "ø", "o", "đ", "d", "ß", "ss", "æ", "ae", "œ", "oe").Replace(folded)
}

// SetUserRole changes what a user may do, at the centre given (the coordinator's current
// one): a new coordinator coordinates it, a new partner reads its figures. The links a
// user had in the old role go with it: the role is the account's, not the centre's.
// The last coordinator keeps the role, or nobody could run the centres.
func SetUserRole(db *gorm.DB, userID int64, role Role, centreID int64) error {
	if role != RoleResident && role != RoleCoordinator && role != RolePartner {
		return fmt.Errorf("store: unknown role %q", role)
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if role != RoleCoordinator {
			// Two coordinators stepping each other down at once must not both pass:
			// on PostgreSQL the coordinators' rows and the user's are locked first, in
			// id order so that two such changes wait for each other instead of
			// deadlocking (SQLite's write transactions already run one at a time).
			var rows []User
			q := tx.Select("id", "role").Where("(role = ? OR id = ?) AND anonymised_at IS NULL", RoleCoordinator, userID).Order("id")
			if IsPostgres(tx) {
				q = q.Clauses(clause.Locking{Strength: "UPDATE"})
			}
			if err := q.Find(&rows).Error; err != nil {
				return fmt.Errorf("store: unable to count coordinators: %w", err)
			}
			others := 0
			for _, u := range rows {
				if u.ID != userID && u.Role == RoleCoordinator {
					others++
				}
			}
			if others == 0 {
				return ErrLastCoordinator
			}
		}
		res := tx.Model(&User{}).Where("id = ? AND anonymised_at IS NULL AND without_account = ?", userID, false).Update("role", role)
		if res.Error != nil {
			return fmt.Errorf("store: unable to set role of user %d: %w", userID, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return relinkCentres(tx, userID, role, centreID)
	})
}

// relinkCentres gives a user who got a role the centre links it needs.
func relinkCentres(tx *gorm.DB, userID int64, role Role, centreID int64) error {
	if role != RoleCoordinator {
		if err := tx.Exec("DELETE FROM centre_coordinators WHERE user_id = ?", userID).Error; err != nil {
			return fmt.Errorf("store: unable to end the centres of user %d: %w", userID, err)
		}
	}
	if role != RolePartner {
		if err := tx.Exec("DELETE FROM centre_partners WHERE user_id = ?", userID).Error; err != nil {
			return fmt.Errorf("store: unable to end the centres of user %d: %w", userID, err)
		}
	}
	switch role {
	case RoleCoordinator:
		return AddCoordinator(tx, centreID, userID)
	case RolePartner:
		return AddPartnerCentre(tx, centreID, userID)
	}
	return nil
}

// UpdateContact changes a user's name, email and phone. A duplicate email or phone gives
// ErrEmailTaken or ErrPhoneTaken.
func UpdateContact(db *gorm.DB, userID int64, name string, email, phone *string) error {
	err := db.Model(&User{}).Where("id = ? AND anonymised_at IS NULL", userID).
		Updates(map[string]any{"name": name, "email": email, "phone": phone}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return whichContactTaken(db, email, userID)
	}
	if err != nil {
		return fmt.Errorf("store: unable to update user %d: %w", userID, err)
	}
	return nil
}

// whichContactTaken tells, after a duplicate-key error, whether another account (not
// user except) has the email address (ErrEmailTaken); otherwise it was the phone.
func whichContactTaken(db *gorm.DB, email *string, except int64) error {
	if email != nil {
		var n int64
		err := db.Model(&User{}).Where("email = ? AND id <> ?", *email, except).Count(&n).Error
		if err == nil && n > 0 {
			return ErrEmailTaken
		}
	}
	return ErrPhoneTaken
}

// SetPasswordHash replaces a user's password and ends every session of the account:
// whoever knew the old password is logged out everywhere. It returns the new session
// generation, for the one session that may go on (the user's own, after a change).
func SetPasswordHash(db *gorm.DB, userID int64, hash string) (int64, error) {
	return bumpSessionGeneration(db, userID, map[string]any{"password_hash": hash})
}

// EndSessions ends every session of the account, on every process ("Overal uitloggen").
func EndSessions(db *gorm.DB, userID int64) error {
	_, err := bumpSessionGeneration(db, userID, map[string]any{})
	return err
}

func bumpSessionGeneration(db *gorm.DB, userID int64, changes map[string]any) (int64, error) {
	changes["session_generation"] = gorm.Expr("session_generation + 1")
	var generation int64
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ? AND anonymised_at IS NULL", userID).Updates(changes)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return tx.Model(&User{}).Select("session_generation").Where("id = ?", userID).Scan(&generation).Error
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return 0, fmt.Errorf("store: unable to end the sessions of user %d: %w", userID, err)
	}
	return generation, err
}
