package handlers_test

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"onshuis/app/apptest"
)

// atomFeed is what a feed reader reads of the Atom feed.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Author  string   `xml:"author>name"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
	} `xml:"entry"`
}

// The feed of a centre lists the activities it put on the programme, newest first,
// each with its page; an activity approved later comes first, one still under review
// or paused is not in it. What a resident wrote is text, never markup in a reader.
func TestCentreFeedOfNewActivities(t *testing.T) {
	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		anon := p.s.Client()
		// A feed reader finds the feed from the centre's programme page.
		programme := anon.Get("/centra/" + p.slug).Body
		found := regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" href="([^"]+)" title="Nieuwe activiteiten · Ons Huis van de Wijk">`).FindStringSubmatch(programme)
		if found == nil {
			t.Fatalf("the programme page does not point to its feed:\n%s", programme)
		}
		feedPath := found[1]
		if feedPath != "/centra/"+p.slug+"/nieuw.atom" {
			t.Errorf("the programme page points to %q", feedPath)
		}
		read := func() atomFeed {
			t.Helper()
			r := anon.Get(feedPath)
			if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
				t.Fatalf("GET %s: %d %s", feedPath, r.Status, r.Header.Get("Content-Type"))
			}
			var f atomFeed
			if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
				t.Fatalf("the feed is not Atom: %v\n%s", err, r.Body)
			}
			return f
		}
		f := read()
		if f.Title != "Nieuwe activiteiten · Ons Huis van de Wijk" || f.Author != "Ons Huis van de Wijk" || f.Updated == "" || len(f.Entries) != 2 {
			t.Fatalf("feed: %+v", f)
		}

		p.s.Clock.Add(24 * 60 * 60 * 1e9)
		id := p.s.Propose(p.lead, "Buurtmoestuin", "want", "Samen <b>groente</b> kweken & oogsten.")
		if r := p.s.Approve(p.coordinator, id, "10", "weekdays", "6", "start_time", "10:00", "end_time", "12:00"); r.Status != 303 {
			t.Fatalf("approve: %d", r.Status)
		}
		f = read()
		if len(f.Entries) != 3 || f.Entries[0].Title != "Buurtmoestuin" {
			t.Fatalf("after approving Buurtmoestuin the feed has %d entries, first %+v", len(f.Entries), f.Entries)
		}
		e := f.Entries[0]
		if page := fmt.Sprintf("%s/activiteiten/%d", p.s.Config.BaseURL, id); e.Link.Href != page || e.ID != page || e.Updated != "2026-12-04T09:30:00Z" || f.Updated != e.Updated {
			t.Errorf("entry %+v (feed updated %s), want its page, id and the moment it was approved", e, f.Updated)
		}
		if e.Summary.Type != "html" || e.Summary.Text != "Samen &lt;b&gt;groente&lt;/b&gt; kweken &amp; oogsten." {
			t.Errorf("summary %q (%s): what the resident wrote must reach the reader as text", e.Summary.Text, e.Summary.Type)
		}
		for _, e := range f.Entries {
			if e.Title == "Samen koken" {
				t.Error("a proposal under review is in the feed")
			}
		}
		path := fmt.Sprintf("/activiteiten/%d", p.koffie)
		p.coordinator.Submit(path+"/deelnemers", fmt.Sprintf("/coordinator/activiteiten/%d/status", p.koffie), apptest.Form("status", "paused"))
		if f = read(); len(f.Entries) != 2 {
			t.Errorf("after pausing the Koffie-inloop the feed has %d entries, want 2", len(f.Entries))
		}
		if r := anon.Get("/centra/bestaat-niet/nieuw.atom"); r.Status != 404 {
			t.Errorf("the feed of a centre that does not exist: %d", r.Status)
		}
	})
}
