package models

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Errors of signing up for a role.
var (
	ErrRoleFull       = errors.New("the role has enough volunteers for that session")
	ErrRoleExists     = errors.New("the activity already has a role with that name")
	ErrSessionInvalid = errors.New("the session is not a coming session of the role's activity")
)

// VolunteerRole is a task on an activity (taalmaatje, kok, gastvrouw …) with how many
// volunteers it needs per session.
type VolunteerRole struct {
	ID         int64
	ActivityID int64
	Name       string
	PerSession int
	NeedID     *int64 // the proposal's need this role came from
	CreatedAt  time.Time
}

// Shift is a volunteer on a role for one session, or for every session (SessionID nil).
// A shift for every session covers the sessions that start after CreatedAt, the
// sign-up, except those it skips ("Deze keer niet").
type Shift struct {
	ID        int64
	RoleID    int64
	UserID    int64
	SessionID *int64
	CreatedAt time.Time
}

// RolesOf lists an activity's roles by name.
func RolesOf(db *gorm.DB, activityID int64) ([]VolunteerRole, error) {
	var rs []VolunteerRole
	if err := db.Where("activity_id = ?", activityID).Order("name").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list roles of activity %d: %w", activityID, err)
	}
	return rs, nil
}

// RoleByID returns the role, or nil.
func RoleByID(db *gorm.DB, id int64) (*VolunteerRole, error) {
	var r VolunteerRole
	err := db.Where("id = ?", id).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load role %d: %w", id, err)
	}
	return &r, nil
}

// AddRole adds a role to an activity.
func AddRole(db *gorm.DB, r *VolunteerRole) error {
	err := db.Create(r).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrRoleExists
	}
	if err != nil {
		return fmt.Errorf("store: unable to add role: %w", err)
	}
	return nil
}

// DeleteRole removes a role and its shifts; confirmed hours stay, without the role.
func DeleteRole(db *gorm.DB, roleID int64) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("role_id = ?", roleID).Delete(&Shift{}).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE volunteer_hours SET role_id = NULL WHERE role_id = ?", roleID).Error; err != nil {
			return err
		}
		return tx.Where("id = ?", roleID).Delete(&VolunteerRole{}).Error
	})
	if err != nil {
		return fmt.Errorf("store: unable to delete role %d: %w", roleID, err)
	}
	return nil
}

// rolesFromNeeds turns an approved proposal's "volunteers for a role" needs into roles.
func rolesFromNeeds(tx *gorm.DB, a *Activity) error {
	var needs []Need
	if err := tx.Where("activity_id = ? AND kind = ?", a.ID, NeedVolunteers).Order("position").Find(&needs).Error; err != nil {
		return fmt.Errorf("list volunteer needs: %w", err)
	}
	for _, n := range needs {
		per := n.Volunteers
		if per < 1 {
			per = 1
		}
		r := VolunteerRole{ActivityID: a.ID, Name: n.Description, PerSession: per, NeedID: &n.ID}
		err := tx.Create(&r).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			continue // the proposal named the same role twice
		}
		if err != nil {
			return fmt.Errorf("create role %q: %w", n.Description, err)
		}
	}
	return nil
}

// SignUpShift signs a volunteer up for a role: for one session, or for every session
// when sessionID is nil. The role row is locked, so concurrent sign-ups never give a
// session more volunteers than the role needs. Signing up twice changes nothing.
func SignUpShift(db *gorm.DB, roleID, userID int64, sessionID *int64, now time.Time) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := lockRow(tx, "volunteer_roles", roleID); err != nil {
			return err
		}
		active, err := IsActiveVolunteer(tx, userID)
		if err != nil {
			return err
		}
		if !active {
			return ErrNotVolunteer
		}
		var role VolunteerRole
		if err := tx.Where("id = ?", roleID).Take(&role).Error; err != nil {
			return err
		}
		var mine int64
		if err := tx.Model(&Shift{}).Where("role_id = ? AND user_id = ? AND session_id IS NULL", roleID, userID).Count(&mine).Error; err != nil {
			return err
		}
		if mine > 0 {
			return nil // already there every time
		}
		if sessionID != nil {
			var s Session
			err := tx.Where("id = ? AND activity_id = ? AND cancelled = ? AND starts_at > ?", *sessionID, role.ActivityID, false, now.UTC()).Take(&s).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrSessionInvalid
			}
			if err != nil {
				return err
			}
			var own int64
			if err := tx.Model(&Shift{}).Where("role_id = ? AND session_id = ? AND user_id = ?", roleID, s.ID, userID).Count(&own).Error; err != nil {
				return err
			}
			if own > 0 {
				return nil
			}
			filled, err := staffedIn(tx, roleID, &s)
			if err != nil {
				return err
			}
			if filled >= int64(role.PerSession) {
				return ErrRoleFull
			}
			return tx.Create(&Shift{RoleID: roleID, UserID: userID, SessionID: &s.ID, CreatedAt: now.UTC()}).Error
		}
		// Every session from now on: there must be a place in each coming session. The
		// volunteer's own coming one-off shifts become part of the recurring one; those
		// of sessions that began already stay, as they happened.
		err = tx.Exec(`DELETE FROM shifts WHERE role_id = ? AND user_id = ? AND session_id IN
			(SELECT id FROM activity_sessions WHERE starts_at > ?)`, roleID, userID, now.UTC()).Error
		if err != nil {
			return err
		}
		var recurring int64
		if err := tx.Model(&Shift{}).Where("role_id = ? AND session_id IS NULL", roleID).Count(&recurring).Error; err != nil {
			return err
		}
		// The busiest coming session: its one-off shifts less the recurring volunteers
		// who skip it. A session with neither has the recurring ones alone, hence 0 at least.
		var busiest int64
		err = tx.Raw(`SELECT COALESCE(MAX(n), 0) FROM (
				SELECT COUNT(*) - (SELECT COUNT(*) FROM shift_skips k JOIN shifts r ON r.id = k.shift_id
					WHERE r.role_id = ? AND k.session_id = sh.session_id) AS n
				FROM shifts sh JOIN activity_sessions s ON s.id = sh.session_id
				WHERE sh.role_id = ? AND s.starts_at > ? AND s.cancelled = ? GROUP BY sh.session_id) busiest`,
			roleID, roleID, now.UTC(), false).Scan(&busiest).Error
		if err != nil {
			return err
		}
		if recurring+max(busiest, 0) >= int64(role.PerSession) {
			return ErrRoleFull
		}
		// The sign-up is the moment the shift starts to count: sessions that had begun
		// are not the volunteer's.
		if err := tx.Create(&Shift{RoleID: roleID, UserID: userID, CreatedAt: now.UTC()}).Error; err != nil {
			return err
		}
		// Sessions still to come that were called off before: told as the others were.
		var a Activity
		if err := tx.Where("id = ?", role.ActivityID).Take(&a).Error; err != nil {
			return err
		}
		return tellCalledOffAhead(tx, &a, userID)
	})
	if errors.Is(err, ErrRoleFull) || errors.Is(err, ErrNotVolunteer) || errors.Is(err, ErrSessionInvalid) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to sign up for role %d: %w", roleID, err)
	}
	return nil
}

// ShiftOfUser returns one of the user's own shifts with its role and activity, and its
// session when it is for one session; nil when the user has no shift with that id.
func ShiftOfUser(db *gorm.DB, shiftID, userID int64) (*MyShift, error) {
	var rows []struct {
		ShiftID    int64
		SessionID  *int64
		RoleName   string
		ActivityID int64
		Title      string
	}
	err := db.Raw(`SELECT sh.id AS shift_id, sh.session_id, r.name AS role_name, a.id AS activity_id, a.title
		FROM shifts sh JOIN volunteer_roles r ON r.id = sh.role_id JOIN activities a ON a.id = r.activity_id
		WHERE sh.id = ? AND sh.user_id = ?`, shiftID, userID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load shift %d: %w", shiftID, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	r := rows[0]
	m := &MyShift{ShiftID: r.ShiftID, Recurring: r.SessionID == nil, RoleName: r.RoleName, ActivityID: r.ActivityID, ActivityTitle: r.Title}
	if r.SessionID != nil {
		s, err := SessionByID(db, *r.SessionID)
		if err != nil {
			return nil, err
		}
		if s != nil {
			m.Session = *s
		}
	}
	return m, nil
}

// WithdrawShift removes one of the user's own shifts; ErrNotFound when the user has no
// shift with that id. A shift for every session ends now: the sessions already held
// keep the volunteer (see keepHeldSessions), so their roster and hours stay true.
func WithdrawShift(db *gorm.DB, shiftID, userID int64, now time.Time) error {
	err := db.Transaction(func(tx *gorm.DB) error {
		if err := keepHeldSessions(tx, "sh.id = ? AND sh.user_id = ?", now, shiftID, userID); err != nil {
			return err
		}
		res := tx.Where("id = ? AND user_id = ?", shiftID, userID).Delete(&Shift{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to withdraw shift %d: %w", shiftID, err)
	}
	return nil
}

// keepHeldSessions turns the sessions a shift for every session already covered (begun
// before now, after the sign-up, not called off, not skipped) into shifts for one
// session each, before that shift is ended. Without it, ending a shift for every
// session would take the volunteer off the rosters of sessions they did work, and the
// lead could no longer confirm those hours. where selects the shifts (alias sh).
func keepHeldSessions(tx *gorm.DB, where string, now time.Time, args ...any) error {
	args = append(args, false, now.UTC())
	return tx.Exec(`INSERT INTO shifts (role_id, user_id, session_id, created_at)
		SELECT sh.role_id, sh.user_id, s.id, sh.created_at
		FROM shifts sh JOIN volunteer_roles r ON r.id = sh.role_id
		JOIN activity_sessions s ON s.activity_id = r.activity_id
		WHERE `+where+` AND sh.session_id IS NULL AND s.cancelled = ? AND s.starts_at <= ? AND s.starts_at > sh.created_at
			AND NOT EXISTS (SELECT 1 FROM shift_skips k WHERE k.shift_id = sh.id AND k.session_id = s.id)
		ON CONFLICT DO NOTHING`, args...).Error
}

// Staffing is who volunteers for a role in one session.
type Staffing struct {
	RoleID, SessionID int64
	Filled            int
	Volunteers        []StaffMember
	Skipped           []StaffMember // on it every time, but not this time ("Deze keer niet")
}

// StaffMember is a volunteer on a session; contact details are for the lead and coordinators.
type StaffMember struct {
	ShiftID   int64
	UserID    int64
	Name      string
	Email     *string
	Phone     *string
	Recurring bool
}

// StaffingOf returns, per role and session of the role's activity, who is on it and
// who said "Deze keer niet". A shift for every session counts in each one that is not
// cancelled and began after the sign-up, unless skipped. Two statements.
func StaffingOf(db *gorm.DB, roles []VolunteerRole, sessions []Session) (map[int64]map[int64]*Staffing, error) {
	out := map[int64]map[int64]*Staffing{}
	if len(roles) == 0 || len(sessions) == 0 {
		return out, nil
	}
	roleIDs := make([]int64, len(roles))
	activityOf := make(map[int64]int64, len(roles))
	for i, r := range roles {
		roleIDs[i] = r.ID
		activityOf[r.ID] = r.ActivityID
		out[r.ID] = map[int64]*Staffing{}
		for _, s := range sessions {
			if s.ActivityID == r.ActivityID {
				out[r.ID][s.ID] = &Staffing{RoleID: r.ID, SessionID: s.ID}
			}
		}
	}
	var rows []struct {
		ShiftID   int64
		RoleID    int64
		UserID    int64
		SessionID *int64
		CreatedAt time.Time
		Name      string
		Email     *string
		Phone     *string
	}
	err := db.Raw(`SELECT sh.id AS shift_id, sh.role_id, sh.user_id, sh.session_id, sh.created_at, u.name, u.email, u.phone
		FROM shifts sh JOIN users u ON u.id = sh.user_id WHERE sh.role_id IN ? ORDER BY u.name`, roleIDs).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list shifts: %w", err)
	}
	skipped, err := skipsOf(db, "shift_skips", "shift_id", SessionIDs(sessions))
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		m := StaffMember{ShiftID: r.ShiftID, UserID: r.UserID, Name: r.Name, Email: r.Email, Phone: r.Phone, Recurring: r.SessionID == nil}
		for _, s := range sessions {
			if s.ActivityID != activityOf[r.RoleID] || s.Cancelled {
				continue
			}
			if r.SessionID != nil && *r.SessionID != s.ID || r.SessionID == nil && !s.StartsAt.After(r.CreatedAt) {
				continue
			}
			st := out[r.RoleID][s.ID]
			if skipped[r.ShiftID][s.ID] {
				st.Skipped = append(st.Skipped, m)
				continue
			}
			st.Filled++
			st.Volunteers = append(st.Volunteers, m)
		}
	}
	return out, nil
}

// MyShift is a coming session the volunteer is on.
type MyShift struct {
	ShiftID       int64
	Recurring     bool
	Skipped       bool // on it every time, but said "Deze keer niet" for this one
	RoleName      string
	ActivityID    int64
	ActivityTitle string
	Session       Session
}

// UpcomingShiftsOf lists the user's shifts in the sessions from now until to, with
// shifts for every session spread over the sessions that began after the sign-up
// (cancelled and skipped ones included, marked), in one statement.
func UpcomingShiftsOf(db *gorm.DB, userID int64, now, to time.Time) ([]MyShift, error) {
	var rows []struct {
		ShiftID    int64
		Recurring  bool
		Skipped    bool
		RoleName   string
		ActivityID int64
		Title      string
		Session
	}
	// Recurring shifts and one-off shifts are joined to their sessions apart: one join
	// with an OR between the two made PostgreSQL pair every shift with every session.
	const shift = `SELECT sh.id AS shift_id, sh.session_id IS NULL AS recurring, %s AS skipped, r.name AS role_name,
			a.id AS activity_id, a.title, s.id, s.activity_id, s.date, s.starts_at, s.ends_at, s.cancelled, s.cancel_note, s.created_at
		FROM shifts sh JOIN volunteer_roles r ON r.id = sh.role_id JOIN activities a ON a.id = r.activity_id `
	const when = ` AND sh.user_id = ? AND a.status = ? AND s.ends_at > ? AND s.starts_at < ?`
	args := []any{userID, StatusApproved, now.UTC(), to.UTC()}
	err := db.Raw(fmt.Sprintf(shift, "EXISTS (SELECT 1 FROM shift_skips k WHERE k.shift_id = sh.id AND k.session_id = s.id)")+
		`JOIN activity_sessions s ON s.activity_id = a.id WHERE sh.session_id IS NULL AND s.starts_at > sh.created_at`+when+
		` UNION ALL `+fmt.Sprintf(shift, "FALSE")+`JOIN activity_sessions s ON s.id = sh.session_id WHERE TRUE`+when+
		` ORDER BY starts_at, shift_id`, append(args, args...)...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list shifts of user %d: %w", userID, err)
	}
	out := make([]MyShift, len(rows))
	for i, r := range rows {
		out[i] = MyShift{ShiftID: r.ShiftID, Recurring: r.Recurring, Skipped: r.Skipped, RoleName: r.RoleName,
			ActivityID: r.ActivityID, ActivityTitle: r.Title, Session: r.Session}
	}
	return out, nil
}

// Understaffed is a coming session where a role misses volunteers.
type Understaffed struct {
	Session       Session
	ActivityID    int64
	ActivityTitle string
	RoleName      string
	Needed        int
	Filled        int
}

// Missing is how many volunteers the role still needs in the session.
func (u Understaffed) Missing() int { return u.Needed - u.Filled }

// UnderstaffedSessions lists, for the centre's published activities, the sessions on
// the local dates [from, to) that miss volunteers, per role; cancelled sessions are left
// out. The roles, sessions and shifts of all activities are read at once.
func UnderstaffedSessions(db *gorm.DB, centre *Centre, from, to time.Time) ([]Understaffed, error) {
	activities, err := PublishedActivities(db, centre.ID, from, to, "")
	if err != nil || len(activities) == 0 {
		return nil, err
	}
	ids := make([]int64, len(activities))
	byID := make(map[int64]*Activity, len(activities))
	for i := range activities {
		ids[i] = activities[i].ID
		byID[activities[i].ID] = &activities[i]
	}
	var roles []VolunteerRole
	if err := db.Where("activity_id IN ?", ids).Order("name").Find(&roles).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list roles: %w", err)
	}
	if len(roles) == 0 {
		return nil, nil
	}
	rolesOf := map[int64][]VolunteerRole{}
	var staffed []Activity
	for _, r := range roles {
		if rolesOf[r.ActivityID] == nil {
			staffed = append(staffed, *byID[r.ActivityID])
		}
		rolesOf[r.ActivityID] = append(rolesOf[r.ActivityID], r)
	}
	sessions, err := SessionsOf(db, staffed, from, to, centre.Location())
	if err != nil {
		return nil, err
	}
	staffing, err := StaffingOf(db, roles, sessions)
	if err != nil {
		return nil, err
	}
	var out []Understaffed
	for _, s := range sessions {
		if s.Cancelled {
			continue
		}
		a := byID[s.ActivityID]
		for _, r := range rolesOf[s.ActivityID] {
			if filled := staffing[r.ID][s.ID].Filled; filled < r.PerSession {
				out = append(out, Understaffed{Session: s, ActivityID: a.ID, ActivityTitle: a.Title, RoleName: r.Name, Needed: r.PerSession, Filled: filled})
			}
		}
	}
	return out, nil
}
