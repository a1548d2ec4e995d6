// Fixed-argument wrappers for the few libvips calls Docent makes: its operations take
// optional arguments as a NULL-terminated variadic list, which Swift cannot call.
//
// The prototypes of those calls are declared here rather than taken from <vips/vips.h>:
// that header needs glib's include paths, which only pkg-config gives, and SwiftPM warns on
// every build about the `-pthread` flag in vips.pc. The declarations are libvips 8's public
// API, stable since 8.0; the library itself comes from Debian's libvips-dev.
#ifndef DOCENT_CVIPS_SHIM_H
#define DOCENT_CVIPS_SHIM_H

#include <stddef.h>

typedef struct _VipsImage VipsImage;
int vips_init(const char *argv0);
void vips_cache_set_max(int max);
VipsImage *vips_image_new_from_file(const char *name, ...);
int vips_image_get_width(const VipsImage *image);
int vips_image_get_height(const VipsImage *image);
int vips_thumbnail(const char *filename, VipsImage **out, int width, ...);
int vips_jpegsave_buffer(VipsImage *in, void **buf, size_t *len, ...);
const char *vips_error_buffer(void);
void vips_error_clear(void);
void g_object_unref(void *object);
void g_free(void *mem);

/// VipsAccess's VIPS_ACCESS_SEQUENTIAL and VipsSize's VIPS_SIZE_DOWN.
enum { DOCENT_VIPS_ACCESS_SEQUENTIAL = 1, DOCENT_VIPS_SIZE_DOWN = 2 };

/// vips_init (VIPS_INIT is a macro); 0 on success. Safe to call more than once. Its cache of
/// operations is turned off: each image is read once, and a collection's worth of them would
/// otherwise stay in memory.
static inline int docent_vips_start(void) {
    if (vips_init("docent") != 0) return -1;
    vips_cache_set_max(0);
    return 0;
}

/// The size of the image in a file, read from its header only (no pixels decoded).
/// 0 on success; -1 when the file is not an image libvips can read.
static inline int docent_vips_size(const char *path, int *width, int *height) {
    VipsImage *image = vips_image_new_from_file(path, "access", DOCENT_VIPS_ACCESS_SEQUENTIAL, NULL);
    if (image == NULL) return -1;
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    g_object_unref(image);
    return 0;
}

/// The image in a file, shrunk (never enlarged) to fit `size` × `size` pixels, as a JPEG of
/// the given quality without metadata, in a buffer the caller frees with g_free. libvips
/// decodes only what it needs (a JPEG shrinks on load), so a 9,000 × 6,000 photograph costs
/// little memory. 0 on success.
static inline int docent_vips_thumbnail_jpeg(const char *path, int size, int quality, void **buffer, size_t *length,
                                              int *width, int *height) {
    VipsImage *thumbnail = NULL;
    if (vips_thumbnail(path, &thumbnail, size, "height", size, "size", DOCENT_VIPS_SIZE_DOWN, NULL) != 0) return -1;
    *width = vips_image_get_width(thumbnail);
    *height = vips_image_get_height(thumbnail);
    int result = vips_jpegsave_buffer(thumbnail, buffer, length, "Q", quality, "strip", 1, NULL);
    g_object_unref(thumbnail);
    return result;
}

/// libvips's last error message (its own buffer), then cleared by docent_vips_clear_error.
static inline const char *docent_vips_error(void) {
    return vips_error_buffer();
}

static inline void docent_vips_clear_error(void) {
    vips_error_clear();
}

#endif
