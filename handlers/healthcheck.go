package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"onshuis/models"
	"onshuis/views"
)

// healthQuestion is one question of the check as the reader sees it.
type healthQuestion struct {
	Field     string // score_1 … score_6
	Dimension string
	Text      string
}

// healthQuestions are the six questions in the centre's wording, or the app's own
// (version 0), with the version they carry.
func (h *Handlers) healthQuestions(l *i18n.Localizer, centreID int64) ([]healthQuestion, *models.HealthWording, error) {
	w, err := models.HealthWordingOf(h.DB, centreID)
	if err != nil {
		return nil, nil, err
	}
	qs := make([]healthQuestion, len(models.Dimensions))
	for i, d := range models.Dimensions {
		qs[i] = healthQuestion{Field: "score_" + strconv.Itoa(i+1), Dimension: d, Text: views.T(l, "health.q_"+d)}
		if w != nil {
			qs[i].Text = w.Questions()[i]
		}
	}
	return qs, w, nil
}

// scores reads the six answers of a health check form.
func (f *form) scores() []int {
	out := make([]int, len(models.Dimensions))
	for i := range out {
		out[i] = f.score("score_" + strconv.Itoa(i+1))
	}
	return out
}

// MyHealth is the resident's health check on Mijn pagina: the question whether they
// want to take part, the six questions, or when the next check can be filled in.
func (h *Handlers) MyHealth(c *fiber.Ctx) error {
	return h.renderMyHealth(c, fiber.StatusOK, map[string]string{}, nil)
}

// GiveHealthConsent records the resident's separate, explicit consent.
func (h *Handlers) GiveHealthConsent(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	if !f.checked("health_consent") {
		f.fail("health_consent", "health.consent_required")
		return h.renderMyHealth(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	_, w, err := h.healthQuestions(rq(c).L, centre.ID)
	if err != nil {
		return err
	}
	version := 0
	if w != nil {
		version = w.Version
	}
	if _, err := models.GiveHealthConsent(h.DB, rq(c).User.ID, version, h.Now()); err != nil {
		return err
	}
	h.setFlash(c, "flash.health_consent")
	return c.Redirect("/mijn-gezondheid", fiber.StatusSeeOther)
}

// SaveMyHealth stores the resident's answers, at most once every three months.
func (h *Handlers) SaveMyHealth(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	scores := f.scores()
	if !f.OK() {
		return h.renderMyHealth(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	err = models.RecordOwnHealthCheck(h.DB, rq(c).User.ID, centre, scores, h.Now())
	switch {
	case errors.Is(err, models.ErrNoHealthConsent), errors.Is(err, models.ErrHealthTooSoon):
		return c.Redirect("/mijn-gezondheid", fiber.StatusSeeOther) // the page says why
	case err != nil:
		return err
	}
	h.setFlash(c, "flash.health_saved")
	return c.Redirect("/mijn-gezondheid", fiber.StatusSeeOther)
}

// WithdrawHealthConsent stops the resident's part in the check and deletes their answers.
func (h *Handlers) WithdrawHealthConsent(c *fiber.Ctx) error {
	if err := models.WithdrawHealthConsent(h.DB, rq(c).User.ID); err != nil {
		return err
	}
	h.setFlash(c, "flash.health_withdrawn")
	return c.Redirect("/mijn-gezondheid", fiber.StatusSeeOther)
}

func (h *Handlers) renderMyHealth(c *fiber.Ctx, status int, values, errs map[string]string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	consent, err := models.HealthConsentOf(h.DB, rq(c).User.ID)
	if err != nil {
		return err
	}
	qs, _, err := h.healthQuestions(rq(c).L, centre.ID)
	if err != nil {
		return err
	}
	data := fiber.Map{"Title": "health.mine_title", "Consent": consent, "Questions": qs, "Form": values, "Errors": errs,
		"Scores": []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}}
	if consent != nil {
		last, err := models.LastHealthCheckDate(h.DB, consent.Respondent)
		if err != nil {
			return err
		}
		next := models.NextHealthCheckDate(last)
		data["Last"], data["NextDate"] = last, next
		data["CanFill"] = next == "" || h.localNow(centre).Format(models.Date) >= next
	}
	return h.render(c, status, "impact/my_health", data)
}

// HealthPaper is the coordinator's page for checks filled in on paper, and for the
// centre's wording of the questions.
func (h *Handlers) HealthPaper(c *fiber.Ctx) error {
	return h.renderHealthPaper(c, fiber.StatusOK, map[string]string{}, nil)
}

// SaveHealthPaper stores a check from a paper form the resident filled in and signed.
func (h *Handlers) SaveHealthPaper(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	date := f.date("date", h.localNow(centre).Format(models.Date), false)
	scores := f.scores()
	if !f.checked("paper_consent") {
		f.fail("paper_consent", "health.paper_consent_required")
	}
	// A paper form carries no one's code, so the app cannot see whether its resident
	// did a check in the last three months; the coordinator confirms it.
	if !f.checked("paper_interval") {
		f.fail("paper_interval", "health.paper_interval_required")
	}
	if !f.OK() {
		return h.renderHealthPaper(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	if err := models.RecordPaperHealthCheck(h.DB, centre, date, scores, h.Now()); err != nil {
		return err
	}
	h.setFlash(c, "flash.health_saved")
	return c.Redirect("/coordinator/gezondheid", fiber.StatusSeeOther)
}

// SaveHealthWording stores the centre's own wording of the six questions (a licensed
// instrument's) as a new version.
func (h *Handlers) SaveHealthWording(c *fiber.Ctx) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	f := newForm(c)
	w := models.HealthWording{CentreID: centre.ID, Instrument: f.text("instrument", false, 120)}
	q := make([]string, len(models.Dimensions))
	for i := range q {
		q[i] = f.text("question_"+strconv.Itoa(i+1), true, 300)
	}
	if !f.OK() {
		return h.renderHealthPaper(c, fiber.StatusUnprocessableEntity, f.Values, f.Errors)
	}
	w.QBody, w.QMental, w.QMeaning, w.QQuality, w.QParticipation, w.QDaily = q[0], q[1], q[2], q[3], q[4], q[5]
	if err := models.SaveHealthWording(h.DB, &w); err != nil {
		return err
	}
	h.setFlash(c, "flash.health_wording")
	return c.Redirect("/coordinator/gezondheid", fiber.StatusSeeOther)
}

func (h *Handlers) renderHealthPaper(c *fiber.Ctx, status int, values, errs map[string]string) error {
	centre, err := h.centre(c)
	if err != nil {
		return err
	}
	qs, w, err := h.healthQuestions(rq(c).L, centre.ID)
	if err != nil {
		return err
	}
	mine, paper, err := models.CountHealthChecks(h.DB, centre.ID)
	if err != nil {
		return err
	}
	if _, edited := values["question_1"]; !edited { // the wording form starts from the questions in use
		for i, q := range qs {
			values["question_"+strconv.Itoa(i+1)] = q.Text
		}
		if w != nil {
			values["instrument"] = w.Instrument
		}
	}
	return h.render(c, status, "impact/health", fiber.Map{"Title": "health.title", "Questions": qs, "Wording": w,
		"Mine": mine, "Paper": paper, "Form": values, "Errors": errs, "Today": h.localNow(centre).Format(models.Date)})
}
