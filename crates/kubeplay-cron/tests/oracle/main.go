// Differential-test oracle for kubeplay-cron (not built by cargo).
//
// It generates random CronJob schedules, time zones and start times, and
// prints what robfig/cron v3.0.1 and Kubernetes' validation rules make of
// them; tests/fixtures/differential.tsv is its output. Regenerate with
// Debian's golang-go (1.19), golang-github-robfig-cron-dev (3.0.1) and
// tzdata (2025b):
//
//	cd tests/oracle && GO111MODULE=off GOPATH=/usr/share/gocode \
//	  go run main.go 3000 20250611 > ../fixtures/differential.tsv
//
// Columns: expr, tz, from (UTC: an LMT offset printed as ±hh:mm would lose
// seconds), robfig (OK, PANIC or robfig's error), k8s
// (validation errors joined by " || "), next1 and next2 (the controller's
// next two times after from in RFC 3339, NONE, HANG where robfig never
// returns, or - when invalid).
// Tabs, newlines and backslashes in values are written as \t, \n, \\.
//
// The Kubernetes checks are re-stated from validation.go
// (validateScheduleFormat, validateTimeZone) and cronjob_controllerv2.go
// (formatSchedule); robfig's panic on "TZ=x" without a space is reported as
// an Invalid error carrying the panic text, which is kubeplay's convention.
// The legacy zones CET, EET, MET, WET, EST, HST, MST and the xSTxDT ones are
// left out: Debian still ships their pre-2024b definitions, which differ
// from tzdata 2025b's links before 1984.
package main

import (
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron"
)

var zones = []string{
	"UTC", "Etc/UTC", "America/New_York", "Europe/London", "Europe/Berlin",
	"Australia/Sydney", "Australia/Lord_Howe", "America/Santiago", "America/Sao_Paulo",
	"America/Havana", "Asia/Amman", "Asia/Beirut", "Asia/Tehran", "Africa/Cairo",
	"America/Asuncion", "Pacific/Chatham", "America/St_Johns", "Asia/Kolkata",
	"Asia/Kathmandu", "Asia/Tokyo", "Europe/Dublin", "Africa/Casablanca",
	"America/Los_Angeles", "Pacific/Apia", "Antarctica/Troll", "US/Eastern", "America/Chicago",
}

var badZones = []string{
	"", "Local", "local", "LOCAL", "Invalid/Zone", "a..b", "-x", "America/New_York ",
	"america/new_york", "America//New_York", "/UTC", "ABCDEFGHIJKLMNO", "Etc/GMT+5", "UTC",
}

var words = []string{
	"*", "?", "L", "W", "#", "H", "+5", "-3", "05", "x", "é", "\u200b", "FRİ", "mon", "MON",
	"Sun", "jan", "DEC", "Monday", "January", "*-5", "5--5", "*//2", "/10", "1,,2", ",",
	"99999999999999999999", "9223372036854775807", "7", "0", "60", "24", "32", "13",
}

var descriptors = []string{
	"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
	"@reboot", "@HOURLY", "@Daily", "@daily ", "@every",
}

var durations = []string{
	"1h30m", "90s", "1.5h", "500ms", "2h45m30.5s", "-1h", "24h", "1d", ".5s", "1µs", "Xm",
	"9999999999h", "1", "", "+2m", "0", "1h1h", "3m.5s", "1e3s",
}

var seps = []string{" ", " ", " ", "  ", "\t", "\u00a0", "\u3000"}

func pick(r *rand.Rand, xs []string) string { return xs[r.Intn(len(xs))] }

func number(r *rand.Rand, max int) string {
	if r.Intn(10) == 0 {
		return strconv.Itoa(r.Intn(100))
	}
	return strconv.Itoa(r.Intn(max + 1))
}

func item(r *rand.Rand, max int, names []string) string {
	switch r.Intn(12) {
	case 0, 1:
		return "*"
	case 2:
		return pick(r, words)
	case 3:
		if names != nil {
			return pick(r, names)
		}
		return number(r, max)
	case 4, 5:
		return number(r, max) + "-" + number(r, max)
	case 6:
		return "*/" + strconv.Itoa(r.Intn(max+3))
	case 7:
		return number(r, max) + "/" + strconv.Itoa(r.Intn(max+3))
	case 8:
		return number(r, max) + "-" + number(r, max) + "/" + strconv.Itoa(1+r.Intn(10))
	default:
		return number(r, max)
	}
}

func field(r *rand.Rand, max int, names []string) string {
	n := 1
	if r.Intn(4) == 0 {
		n += r.Intn(3)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(r, max, names)
	}
	return strings.Join(parts, ",")
}

var monthNames = []string{"jan", "Feb", "MAR", "apr", "Jun", "oct", "Nov", "dec"}
var dowNames = []string{"sun", "Mon", "TUE", "wed", "Thu", "fri", "SAT"}

func spec(r *rand.Rand) string {
	if r.Intn(7) == 0 {
		d := pick(r, descriptors)
		if d == "@every" {
			d += " " + pick(r, durations)
		}
		return d
	}
	fs := []string{field(r, 59, nil), field(r, 23, nil), field(r, 31, nil),
		field(r, 12, monthNames), field(r, 6, dowNames)}
	if r.Intn(2) == 0 { // half plain, mostly valid schedules
		fs = []string{
			pick(r, []string{number(r, 59), "*/" + strconv.Itoa(1+r.Intn(30)), "0,30", "*"}),
			pick(r, []string{"*", number(r, 23), "0-" + number(r, 23), "*/" + strconv.Itoa(1+r.Intn(12))}),
			pick(r, []string{"*", "*", "?", strconv.Itoa(1 + r.Intn(31)), "*/" + strconv.Itoa(1+r.Intn(10))}),
			pick(r, []string{"*", "*", "*", pick(r, monthNames), strconv.Itoa(1 + r.Intn(12))}),
			pick(r, []string{"*", "*", "*", "?", pick(r, dowNames), "1-5", "MON-FRI", strconv.Itoa(r.Intn(7))}),
		}
	}
	if r.Intn(25) == 0 {
		fs = fs[:4]
	} else if r.Intn(25) == 0 {
		fs = append(fs, "0")
	}
	s := fs[0]
	for _, f := range fs[1:] {
		s += pick(r, seps) + f
	}
	if r.Intn(30) == 0 {
		s = pick(r, []string{"TZ=", "CRON_TZ="}) + pick(r, []string{"America/New_York", "UTC", "Bad/Zone", ""}) +
			pick(r, []string{" ", ""}) + s
	}
	return s
}

func fromTime(r *rand.Rand) time.Time {
	var year int
	switch r.Intn(20) {
	case 0:
		year = 2095 + r.Intn(15)
	case 1:
		year = 1850 + r.Intn(60)
	default:
		year = 1995 + r.Intn(50)
	}
	month := 1 + r.Intn(12)
	if r.Intn(2) == 0 {
		month = []int{3, 4, 9, 10, 11}[r.Intn(5)]
	}
	hour := r.Intn(24)
	if r.Intn(2) == 0 {
		hour = r.Intn(4)
	}
	ms := 0
	if r.Intn(5) == 0 {
		ms = r.Intn(1000)
	}
	return time.Date(year, time.Month(month), 1+r.Intn(31), hour, r.Intn(60), r.Intn(60), ms*1e6, time.UTC)
}

var validTZChars = regexp.MustCompile(`^[A-Za-z\.\-_0-9+]{1,14}$`)

func q(s string) string { return fmt.Sprintf("%q", s) }

func parse(s string) (sched cron.Schedule, err error, panicked bool) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
			panicked = true
		}
	}()
	sched, err = cron.ParseStandard(s)
	return
}

func validate(schedule string, tz *string) []string {
	var errs []string
	if schedule == "" {
		errs = append(errs, "spec.schedule: Required value")
	} else {
		if _, err, _ := parse(schedule); err != nil {
			errs = append(errs, "spec.schedule: Invalid value: "+q(schedule)+": "+err.Error())
		}
		if strings.Contains(schedule, "TZ") {
			errs = append(errs, "spec.schedule: Invalid value: "+q(schedule)+
				": cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
		}
	}
	if tz == nil {
		return errs
	}
	bad := func(d string) string { return "spec.timeZone: Invalid value: " + q(*tz) + ": " + d }
	if *tz == "" {
		return append(errs, bad("timeZone must be nil or non-empty string"))
	}
	for _, part := range strings.Split(*tz, "/") {
		if part == "." || part == ".." || strings.HasPrefix(part, "-") || !validTZChars.MatchString(part) {
			return append(errs, bad("unknown time zone "+*tz))
		}
	}
	if strings.EqualFold(*tz, "Local") {
		errs = append(errs, bad("timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"))
	}
	if _, err := time.LoadLocation(*tz); err != nil {
		errs = append(errs, bad(err.Error()))
	}
	return errs
}

func next(schedule string, tz *string, from time.Time) (string, string) {
	formatted, zone := schedule, time.UTC
	if tz != nil && !strings.Contains(schedule, "TZ") {
		formatted = "TZ=" + *tz + " " + schedule
	}
	if tz != nil {
		zone, _ = time.LoadLocation(*tz)
	}
	s, err, _ := parse(formatted)
	if err != nil {
		return "-", "-"
	}
	show := func(t time.Time) string {
		if t.IsZero() {
			return "NONE"
		}
		return t.In(zone).Format(time.RFC3339)
	}
	t1, ok := nextOrHang(s, from.In(time.UTC))
	if !ok {
		return "HANG", "HANG"
	}
	if t1.IsZero() {
		return "NONE", "NONE"
	}
	t2, ok := nextOrHang(s, t1)
	if !ok {
		return show(t1), "HANG"
	}
	return show(t1), show(t2)
}

// nextOrHang runs Next with a time limit: robfig v3.0.1 never returns when
// AddDate lands on the same day again (Pacific/Apia skipped 2011-12-30).
// The stuck goroutine keeps spinning; such rows are rare.
func nextOrHang(s cron.Schedule, t time.Time) (time.Time, bool) {
	done := make(chan time.Time, 1)
	go func() { done <- s.Next(t) }()
	select {
	case n := <-done:
		return n, true
	case <-time.After(3 * time.Second):
		return time.Time{}, false
	}
}

var escaper = strings.NewReplacer("\\", "\\\\", "\t", "\\t", "\n", "\\n")

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	seed, _ := strconv.ParseInt(os.Args[2], 10, 64)
	time.Local = time.UTC // the controller's zone
	r := rand.New(rand.NewSource(seed))
	fmt.Println("expr\ttz\tfrom\trobfig\tk8s\tnext1\tnext2")
	for i := 0; i < n; i++ {
		schedule := spec(r)
		var tz *string
		tzCol := "<nil>"
		if r.Intn(3) > 0 {
			z := pick(r, zones)
			if r.Intn(15) == 0 {
				z = pick(r, badZones)
			}
			tz, tzCol = &z, z
		}
		from := fromTime(r)
		if tz != nil {
			if loc, err := time.LoadLocation(*tz); err == nil && *tz != "Local" {
				from = from.In(loc)
			}
		}
		robfig := "OK"
		if _, err, panicked := parse(schedule); panicked {
			robfig = "PANIC"
		} else if err != nil {
			robfig = err.Error()
		}
		errs := validate(schedule, tz)
		n1, n2 := "-", "-"
		if len(errs) == 0 {
			n1, n2 = next(schedule, tz, from)
		}
		cols := []string{schedule, tzCol, from.UTC().Format(time.RFC3339Nano), robfig, strings.Join(errs, " || "), n1, n2}
		for j, c := range cols {
			cols[j] = escaper.Replace(c)
		}
		fmt.Println(strings.Join(cols, "\t"))
	}
}
