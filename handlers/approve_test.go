package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"onshuis/app/apptest"
)

// Approving a proposal (always with a room) arranges its need of a room: the public page
// says "geregeld" and the needs board no longer asks for one; its other needs stay open
// (issue 12).
func TestApprovingWithARoomArrangesTheRoomNeed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		s := apptest.Fresh(t, db)
		coordinator := s.Setup()
		fatma := s.Register("Fatma Demir", "fatma@example.nl")
		needs := []string{"need_kind_0", "room", "need_description_0", "De huiskamer met de tafels aan de kant",
			"need_kind_1", "budget", "need_description_1", "Limonade", "need_amount_1", "35"}
		withRoom := s.Propose(fatma, "Kinderdisco", needs...)
		if r := s.Approve(coordinator, withRoom, "25"); r.Status != 303 {
			t.Fatalf("approve with a room: %d\n%s", r.Status, r.Body)
		}
		page := strings.Join(strings.Fields(s.Client().Get(fmt.Sprintf("/activiteiten/%d", withRoom)).Body), " ")
		apptest.Contains(t, page, `De huiskamer met de tafels aan de kant <span class="tag tag--arranged">geregeld</span>`,
			`Limonade (€ 35,00) <span class="tag tag--open">nog nodig</span>`)
		board := coordinator.Get("/hulp-gezocht").Body
		apptest.NotContains(t, board, "De huiskamer met de tafels aan de kant")
		apptest.Contains(t, board, "Limonade")

	})
}
