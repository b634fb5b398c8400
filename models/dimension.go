package models

import (
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Dimensions are Positieve Gezondheid's six dimensions (Machteld Huber), in the order
// the report shows them: bodily functions, mental well-being, meaningfulness, quality
// of life, participation, daily functioning.
var Dimensions = []string{"body", "mental", "meaning", "quality", "participation", "daily"}

// DefaultThemeDimensions is which dimensions each prevention theme speaks to until a
// coordinator says otherwise: moving keeps the body going, meeting people is
// participation and mental well-being, work and skills give meaning and daily
// functioning, and so on.
var DefaultThemeDimensions = map[string][]string{
	"meeting":    {"mental", "participation", "quality"},
	"moving":     {"body", "daily"},
	"food":       {"body", "quality"},
	"language":   {"participation", "daily"},
	"work":       {"meaning", "daily", "participation"},
	"health":     {"body", "daily"},
	"youth":      {"participation", "quality"},
	"creativity": {"mental", "meaning"},
	// Professionals and residents learning together: residents take part in how the
	// neighbourhood's care and welfare work, and find meaning in it.
	ThemeLearning: {"participation", "meaning"},
}

// ThemeDimension is one link of a centre's mapping.
type ThemeDimension struct {
	CentreID  int64 `gorm:"primaryKey"`
	Theme     string
	Dimension string
}

// TableName keeps the table name explicit.
func (ThemeDimension) TableName() string { return "theme_dimensions" }

// ThemeDimensionsOf returns each centre's mapping, theme → dimensions (in the order of
// Dimensions); a centre without a mapping of its own gets the defaults.
func ThemeDimensionsOf(db *gorm.DB, centreIDs []int64) (map[int64]map[string][]string, error) {
	var rows []ThemeDimension
	if err := db.Where("centre_id IN ?", centreIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to read theme dimensions: %w", err)
	}
	out := make(map[int64]map[string][]string, len(centreIDs))
	for _, r := range rows {
		if out[r.CentreID] == nil {
			out[r.CentreID] = map[string][]string{}
		}
		out[r.CentreID][r.Theme] = append(out[r.CentreID][r.Theme], r.Dimension)
	}
	for _, id := range centreIDs {
		m := out[id]
		if m == nil {
			m = DefaultThemeDimensions
		}
		sorted := make(map[string][]string, len(m))
		for theme, dims := range m {
			sorted[theme] = ordered(dims)
		}
		out[id] = sorted
	}
	return out, nil
}

// ordered returns dims in the order of Dimensions, without unknown ones.
func ordered(dims []string) []string {
	var out []string
	for _, d := range Dimensions {
		if slices.Contains(dims, d) {
			out = append(out, d)
		}
	}
	return out
}

// SaveThemeDimensions replaces a centre's whole mapping. Every theme needs at least
// one dimension; the caller checks that, so a theme is never dropped from the report.
func SaveThemeDimensions(db *gorm.DB, centreID int64, mapping map[string][]string) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("centre_id = ?", centreID).Delete(&ThemeDimension{}).Error; err != nil {
			return fmt.Errorf("store: unable to clear theme dimensions: %w", err)
		}
		var rows []ThemeDimension
		for _, theme := range Themes {
			for _, d := range ordered(mapping[theme]) {
				rows = append(rows, ThemeDimension{CentreID: centreID, Theme: theme, Dimension: d})
			}
		}
		if len(rows) == 0 {
			return nil
		}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("store: unable to save theme dimensions: %w", err)
		}
		return nil
	})
}
