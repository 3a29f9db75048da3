package reports

import (
	"regexp"
	"sync"
)

// regexpCacheSize bounds the patterns compiled keeps: the annotation
// builds them from element names, prefixes and cell references, a few
// dozen for a workbook and mostly the same for every one; a workbook
// bringing many odd names only empties the cache.
const regexpCacheSize = 512

var regexpCache struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}

// compiled is regexp.MustCompile(pattern), compiled once for all the
// acknowledgments of a burst rather than once a workbook (compiling was a
// tenth of an annotation's CPU). A *regexp.Regexp is safe for concurrent
// use.
func compiled(pattern string) *regexp.Regexp {
	regexpCache.Lock()
	re, ok := regexpCache.m[pattern]
	regexpCache.Unlock()
	if ok {
		return re
	}
	re = regexp.MustCompile(pattern)
	regexpCache.Lock()
	if regexpCache.m == nil || len(regexpCache.m) >= regexpCacheSize {
		regexpCache.m = make(map[string]*regexp.Regexp, 64)
	}
	regexpCache.m[pattern] = re
	regexpCache.Unlock()
	return re
}
