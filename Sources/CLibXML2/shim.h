// Small helpers for libxml2 where Swift cannot reach: the xmlFree function pointer (a global
// variable, not concurrency-safe to touch from Swift) and the generic error handler.
#ifndef DOCENT_CLIBXML2_SHIM_H
#define DOCENT_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU, and its encoding.h then includes the system's ICU
// headers, which clash with the ICU copy inside Foundation. Docent never touches the
// encoding-handler struct that needs them, so the ICU part is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>

/// Frees memory that libxml2 allocated (xmlNodeGetContent, xmlGetProp…).
static inline void docent_xml_free(void *pointer) {
    xmlFree(pointer);
}

static void docent_xml_ignore_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Initialises the parser once and keeps libxml2 from printing parse errors on stderr:
/// Docent reports problems per page itself.
static inline void docent_xml_setup(void) {
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, docent_xml_ignore_error);
}

/// The number of nodes in an XPath result (0 when it is not a node set).
static inline int docent_xpath_count(xmlXPathObjectPtr object) {
    if (object == NULL || object->type != XPATH_NODESET || object->nodesetval == NULL) return 0;
    return object->nodesetval->nodeNr;
}

/// Node `index` of an XPath node-set result.
static inline xmlNodePtr docent_xpath_node(xmlXPathObjectPtr object, int index) {
    return object->nodesetval->nodeTab[index];
}

#endif
