package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm/logger"

	"onshuis/app/apptest"
)

type sqlTrace struct {
	logger.Interface
	on   bool
	sqls []string
}

func (s *sqlTrace) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if s.on {
		q, _ := fc()
		s.sqls = append(s.sqls, q)
	}
	s.Interface.Trace(ctx, begin, fc, err)
}

func TestZZTraceReport(t *testing.T) {
	s := apptest.Fresh(t, apptest.Databases(t)[0])
	coordinator := s.Setup()
	s.Activity(coordinator, "Taalcafé", "10")
	tr := &sqlTrace{Interface: s.DB.Logger}
	s.DB.Logger = tr
	for _, path := range []string{"/rapport?periode=2026-11", "/rapport.pdf?periode=2026-11"} {
		coordinator.Get(path)
		tr.on, tr.sqls = true, nil
		coordinator.Get(path)
		tr.on = false
		fmt.Println(path, len(tr.sqls))
		for _, q := range tr.sqls {
			q = strings.Join(strings.Fields(q), " ")
			if len(q) > 150 {
				q = q[:150]
			}
			fmt.Println("  ", q)
		}
	}
}
