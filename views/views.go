// Package views holds the embedded HTML templates, the translations and the helpers
// templates call. Templates are parsed once at start: a broken one stops the app then,
// not at the first visitor.
package views

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gofiber/template/html/v2"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Files are the templates (one folder per area) and the translation files.
//
//go:embed */*.html i18n/*.json
var Files embed.FS

// Languages are the languages the site speaks, the default first.
var Languages = []string{"nl", "en"}

// NewBundle loads the translations: Dutch is the default, English the second language.
func NewBundle() (*i18n.Bundle, error) {
	bundle := EmptyBundle()
	return bundle, LoadTranslations(bundle)
}

// EmptyBundle is a bundle without messages yet, for LoadTranslations to fill: a process
// can hand it to its handlers and load the translations while it starts listening.
func EmptyBundle() *i18n.Bundle {
	bundle := i18n.NewBundle(language.Dutch)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	return bundle
}

// LoadTranslations adds the messages of every language to bundle. Nothing may read the
// bundle until it returns (the bundle has no lock of its own).
func LoadTranslations(bundle *i18n.Bundle) error {
	for _, lang := range Languages {
		if _, err := bundle.LoadMessageFileFS(Files, "i18n/"+lang+".json"); err != nil {
			return fmt.Errorf("views: unable to load translations %s: %w", lang, err)
		}
	}
	return nil
}

// NewEngine parses every template. assetURL maps a file in public/ to its versioned URL.
func NewEngine(assetURL func(string) string) (*html.Engine, error) {
	sub, err := fs.Sub(Files, ".")
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	engine := html.NewFileSystem(http.FS(sub), ".html")
	engine.AddFuncMap(funcs(assetURL))
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("views: unable to parse templates: %w", err)
	}
	return engine, nil
}

// T translates message id for the localizer. Extra arguments are name/value pairs for
// the message's template; a pair named "Count" also picks the plural form.
// A missing message shows its id, which a test catches before it reaches a user.
func T(l *i18n.Localizer, id string, args ...any) string {
	if l == nil {
		return id
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(args) > 1 {
		data := make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			key := fmt.Sprint(args[i])
			data[key] = args[i+1]
			if key == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = data
	}
	s, err := l.Localize(cfg)
	if err != nil && s == "" {
		return id
	}
	return s
}

// SupportedLanguage returns lang when the site speaks it, else the default.
func SupportedLanguage(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	return Languages[0]
}
