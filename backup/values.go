package backup

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// A row's values travel in one form whichever database they come from or go to: nil,
// int64, float64, bool, string, []byte or time.Time in UTC, by the column's kind.

// sqliteTimes are the ways SQLite may hold a time as text: the app's own (see
// models.sqliteParams), RFC 3339, and SQLite's CURRENT_TIMESTAMP.
var sqliteTimes = []string{"2006-01-02T15:04:05.000", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"}

// normalize brings a value as the driver read it into the column kind's form.
func normalize(k Kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case KindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int64(x), nil
			}
		case string:
			if n, err := strconv.ParseInt(x, 10, 64); err == nil {
				return n, nil
			}
		}
	case KindFloat:
		switch x := v.(type) {
		case float64:
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				return x, nil
			}
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	case KindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			if x == 0 || x == 1 {
				return x == 1, nil
			}
		}
	case KindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case KindTime:
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), nil
		case string:
			for _, layout := range sqliteTimes {
				if t, err := time.Parse(layout, x); err == nil {
					return t.UTC(), nil
				}
			}
		}
	case KindBlob:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	}
	return nil, fmt.Errorf("a %T value (%.40v) in a %s column", v, v, k)
}

// encodeValue turns a normalized value into what the backup file's JSON holds.
func encodeValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	case string:
		if !utf8.ValidString(x) {
			// JSON strings are Unicode: bytes that are not UTF-8 go as they are, in base64.
			return map[string]string{"bytes": base64.StdEncoding.EncodeToString([]byte(x))}
		}
	}
	return v
}

// decodeValue reads a value of the backup file (decoded with UseNumber) into the
// column kind's form.
func decodeValue(k Kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case KindInt:
		if n, ok := v.(json.Number); ok {
			return n.Int64()
		}
	case KindFloat:
		if n, ok := v.(json.Number); ok {
			return n.Float64()
		}
	case KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case KindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case map[string]any:
			if s, ok := x["bytes"].(string); ok && len(x) == 1 {
				b, err := base64.StdEncoding.DecodeString(s)
				return string(b), err
			}
		}
	case KindTime:
		if s, ok := v.(string); ok {
			t, err := time.Parse(time.RFC3339Nano, s)
			return t.UTC(), err
		}
	case KindBlob:
		if s, ok := v.(string); ok {
			return base64.StdEncoding.DecodeString(s)
		}
	}
	return nil, fmt.Errorf("a %T value in a %s column", v, k)
}
