package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"onshuis/models"
	"onshuis/schemaorg"
	"onshuis/views"
)

// activityParam loads the activity named in the URL, or answers 404.
func (h *Handlers) activityParam(c *fiber.Ctx) (*models.Activity, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, fiber.ErrNotFound
	}
	a, err := models.ActivityByID(h.DB, id)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, fiber.ErrNotFound
	}
	return a, nil
}

// publicActivity loads an activity that is on the programme (or was), else 404.
func (h *Handlers) publicActivity(c *fiber.Ctx) (*models.Activity, *models.Centre, error) {
	a, err := h.activityParam(c)
	if err != nil {
		return nil, nil, err
	}
	if a.Status != models.StatusApproved && a.Status != models.StatusPaused && a.Status != models.StatusEnded {
		return nil, nil, fiber.ErrNotFound
	}
	centre, err := models.CentreByID(h.DB, a.CentreID)
	if err != nil {
		return nil, nil, err
	}
	return a, centre, nil
}

// canManage reports whether the user sees names and may cancel sessions: the
// activity's lead or a coordinator.
func canManage(u *models.User, a *models.Activity) bool {
	return u != nil && (u.CoordinatesCentre(a.CentreID) || (a.LeadID != nil && *a.LeadID == u.ID))
}

// ShowActivity shows an activity: the three answers, when and where, places and the
// visitor's own place.
func (h *Handlers) ShowActivity(c *fiber.Ctx) error {
	a, centre, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	data, err := h.activityData(c, a, centre)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "activities/show", data)
}

func (h *Handlers) activityData(c *fiber.Ctx, a *models.Activity, centre *models.Centre) (fiber.Map, error) {
	u := user(c)
	sessions, err := models.UpcomingSessions(h.DB, a, h.Now(), centre.Location(), 6)
	if err != nil {
		return nil, err
	}
	counts, err := models.CountSignUps(h.DB, []int64{a.ID})
	if err != nil {
		return nil, err
	}
	needs, err := models.NeedsOf(h.DB, a.ID)
	if err != nil {
		return nil, err
	}
	// Leading an activity is a public role: the programme says who to expect, by first
	// name only (the consent text and the privacy page say so).
	var leadName string
	if a.LeadID != nil {
		lead, err := models.UserByID(h.DB, *a.LeadID)
		if err != nil {
			return nil, err
		}
		leadName = lead.FirstName()
		if lead.AnonymisedAt != nil {
			leadName = views.T(rq(c).L, "person.deleted")
		}
	}
	var room *models.Room
	if a.RoomID != nil {
		if room, err = models.RoomByID(h.DB, *a.RoomID); err != nil {
			return nil, err
		}
	}
	var place models.MyPlace
	skips := map[int64]bool{}
	if u != nil {
		if place, err = models.PlaceOf(h.DB, a.ID, u.ID); err != nil {
			return nil, err
		}
	}
	if place.Status == models.Joined {
		if skips, err = models.ParticipationSkips(h.DB, u.ID, models.SessionIDs(sessions)); err != nil {
			return nil, err
		}
	}
	local := localSessions(sessions, centre)
	// A monthly rule on a day not every month has (a fifth Tuesday, the 31st) skips
	// those months: the page says which, for the coming year.
	today := h.localNow(centre)
	missed := a.Schedule().MissedMonths(today.Format(models.Date), today.AddDate(1, 0, 0).Format(models.Date))
	return fiber.Map{
		"Title": "activity.title", "Activity": a, "ActivityCentre": centre, "Sessions": local, "Events": h.events(a, centre, room, local),
		"Counts": counts[a.ID], "PlacesLeft": max(a.Capacity-counts[a.ID].Joined, 0), "Needs": needs, "LeadName": leadName,
		"Room": room, "Place": place, "CanManage": canManage(u, a), "ScheduleText": describeSchedule(rq(c).L, a.Schedule()),
		"Skips": skips, "Now": h.Now(), "MissedMonths": missed,
	}, nil
}

// events are the activity's coming sessions as schema.org Events, for search engines
// (JSON-LD in the page): nothing about who leads or takes part.
func (h *Handlers) events(a *models.Activity, centre *models.Centre, room *models.Room, sessions []sessionView) []schemaorg.Event {
	if !a.IsPublished() {
		return nil
	}
	where := schemaorg.Place{Name: centre.Name, Address: centre.Address}
	if room != nil {
		where.Name = room.Name + ", " + centre.Name
	}
	organizer := schemaorg.Organization{Name: centre.Name, URL: h.BaseURL + "/centra/" + centre.Slug}
	out := make([]schemaorg.Event, len(sessions))
	for i, s := range sessions {
		out[i] = schemaorg.NewEvent(a.Title, a.Want, h.BaseURL+activityPath(a), s.Start, s.End, s.Cancelled, where, organizer)
	}
	return out
}

// sessionView is a session with its times in the centre's zone.
type sessionView struct {
	models.Session
	Start, End time.Time // in the centre's zone
}

func localSessions(ss []models.Session, centre *models.Centre) []sessionView {
	loc := centre.Location()
	out := make([]sessionView, len(ss))
	for i, s := range ss {
		out[i] = sessionView{Session: s, Start: s.StartsAt.In(loc), End: s.EndsAt.In(loc)}
	}
	return out
}

// JoinActivity signs the logged-in user up, or puts them on the waiting list.
func (h *Handlers) JoinActivity(c *fiber.Ctx) error {
	a, _, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	place, err := models.Join(h.DB, a.ID, user(c).ID)
	if errors.Is(err, models.ErrNoSignUp) {
		h.setFlash(c, "flash.no_sign_up")
		return c.Redirect(activityPath(a), fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	if place.Status == models.Waitlisted {
		h.setFlash(c, "flash.waitlisted")
	} else {
		h.setFlash(c, "flash.joined")
	}
	return c.Redirect(activityPath(a), fiber.StatusSeeOther)
}

// ActivityParticipants shows the lead and the coordinator who takes part and who waits,
// with the coming sessions to cancel.
func (h *Handlers) ActivityParticipants(c *fiber.Ctx) error {
	a, centre, err := h.publicActivity(c)
	if err != nil {
		return err
	}
	if !canManage(user(c), a) {
		return fiber.ErrForbidden
	}
	return h.renderParticipants(c, fiber.StatusOK, a, centre, map[string]string{}, nil)
}

// renderParticipants shows the lists of an activity to its lead or a coordinator, with
// the form to add a person without an account (values and errs: that form as sent).
func (h *Handlers) renderParticipants(c *fiber.Ctx, status int, a *models.Activity, centre *models.Centre, values, errs map[string]string) error {
	joined, waitlist, err := models.ParticipantsOf(h.DB, a.ID)
	if err != nil {
		return err
	}
	sessions, err := models.UpcomingSessions(h.DB, a, h.Now(), centre.Location(), 8)
	if err != nil {
		return err
	}
	// Who came and the volunteers' hours are filled in after a session, so the last
	// two weeks' sessions stay reachable.
	held, err := models.FinishedSessions(h.DB, a.ID, h.Now(), 14)
	if err != nil {
		return err
	}
	return h.render(c, status, "activities/participants", fiber.Map{
		"Title": "participants.title", "Activity": a, "Joined": joined, "Waitlist": waitlist,
		"Sessions": localSessions(sessions, centre), "Held": localSessions(held, centre), "Now": h.Now(),
		"Form": values, "Errors": errs,
	})
}

// CancelSession cancels one session with a public note and a private one, or restores
// it (restore=1).
func (h *Handlers) CancelSession(c *fiber.Ctx) error {
	s, a, err := h.managedSession(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	restore := c.FormValue("restore") == "1"
	note := f.text("note", false, 300)                // on the programme
	privateNote := f.text("private_note", false, 300) // for the lead and coordinators
	if !f.OK() {
		h.setFlash(c, "flash.cancel_note_too_long")
		return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
	}
	if err := models.SetSessionCancelled(h.DB, s.ID, !restore, note, privateNote); err != nil {
		return err
	}
	if restore {
		h.setFlash(c, "flash.session_restored")
	} else {
		h.setFlash(c, "flash.session_cancelled")
	}
	return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
}

// MyActivities lists what the user joined or waits for, with their place, and what
// they lead; each with when it is next.
func (h *Handlers) MyActivities(c *fiber.Ctx) error {
	u := user(c)
	joined, led, err := models.ActivitiesOfUser(h.DB, u.ID, h.Now())
	if err != nil {
		return err
	}
	notes, err := h.myNotifications(c, u)
	if err != nil {
		return err
	}
	held, err := models.PlacesToTakeOver(h.DB, u)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "activities/mine", fiber.Map{"Title": "mine.title", "Activities": myActivities(joined), "Leads": myActivities(led), "Now": h.Now(),
		"Notes": notes, "Held": held})
}

// myActivity is an activity on "Mijn activiteiten", with when it is next and the
// coming dates they skip, in its centre's time.
type myActivity struct {
	models.UserActivity
	Next    *sessionView // nil when no session is planned
	Skipped []sessionView
}

func myActivities(list []models.UserActivity) []myActivity {
	out := make([]myActivity, len(list))
	for i, ua := range list {
		out[i].UserActivity = ua
		if ua.Centre == nil {
			continue
		}
		if ua.Next != nil {
			out[i].Next = &localSessions([]models.Session{*ua.Next}, ua.Centre)[0]
		}
		out[i].Skipped = localSessions(ua.Skipped, ua.Centre)
	}
	return out
}

func activityPath(a *models.Activity) string {
	return "/activiteiten/" + strconv.FormatInt(a.ID, 10)
}

// SetActivityStatus lets the coordinator pause, resume or end an activity.
func (h *Handlers) SetActivityStatus(c *fiber.Ctx) error {
	a, centre, err := h.coordinatedActivity(c)
	if err != nil {
		return err
	}
	status := c.FormValue("status")
	today := h.localNow(centre).Format(models.Date)
	switch err := models.SetActivityStatus(h.DB, a.ID, status, today); {
	case errors.Is(err, models.ErrStatusChange):
		h.setFlash(c, "flash.status_not_changed")
	case err != nil:
		return err
	default:
		h.setFlash(c, "flash.status_"+status)
	}
	return c.Redirect(activityPath(a)+"/deelnemers", fiber.StatusSeeOther)
}
