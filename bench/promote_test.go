package bench

import (
	"fmt"
	"testing"

	"onshuis/app/apptest"
	"onshuis/models"
)

// BenchmarkLeavePromotes is the request of issue 14's limit "at most one INSERT": a
// resident with a place leaves an activity of one place, and the first on the waiting
// list moves up (on this branch with the message to them in the same transaction).
// One op is one models.Leave; the re-join that refills the waiting list is not timed.
// Run it on the commit before the outbox for the comparison in BENCHMARKS.md.
func BenchmarkLeavePromotes(b *testing.B) {
	eachDatabase(b, func(b *testing.B, db apptest.Database) {
		s := apptest.Fresh(b, db)
		coordinator := s.Setup()
		id, _ := s.Activity(coordinator, "Kaartclub", "1")
		page := fmt.Sprintf("/activiteiten/%d", id)
		people := [2]int64{}
		for i := range people {
			email := fmt.Sprintf("p%d@example.nl", i)
			c := s.Register(fmt.Sprintf("Persoon %d", i), email)
			c.Submit(page, page+"/aanmelden", nil)
			s.DB.Table("users").Select("id").Where("email = ?", email).Scan(&people[i])
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			leaving := people[i%2]
			promoted, err := models.Leave(s.DB, id, leaving)
			if err != nil || promoted != people[(i+1)%2] {
				b.Fatalf("leave: promoted %d, %v", promoted, err)
			}
			b.StopTimer()
			if _, err := models.Join(s.DB, id, leaving); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
	})
}
