// Lexical predicates: whether a string has the form a field requires (an id, a URL, a
// cookie name, domain or path, plain text). They judge form only; what a value means
// (whether a category with that id exists, say) is the validator's business.
#pragma once

#include <string>
#include <string_view>

namespace cookiegate::detail {

/// ASCII lower case of `s`; other bytes unchanged (no locale: the same on every build).
std::string ascii_lower(std::string_view s);

/// A category or service id: 1-40 of a-z, 0-9, '-', '_', starting with a letter or digit.
bool is_slug(std::string_view s);

/// Text that may hold line breaks and tabs but no other control characters.
bool is_clean_text(std::string_view s);

/// An http(s):// URL or a path on this site ("/x", "./x"; "//host" is not a path), at
/// most 2048 bytes, with no space, control character, '"', '<' or '>'.
bool is_url(std::string_view s);

/// A script pattern with a path: after an optional `scheme:` and `//`, it holds a '/'
/// followed by more, or it ends with '*' (which can stand for one). "x.com/*", "/a.js"
/// and "*" have one; "x.com", "*.x.com", "https://x.com", "https://x.com/" and "*.x.com/"
/// (home pages only) and "a.js" do not.
bool has_url_path(std::string_view s);

/// A cookie name: a token of RFC 6265 section 4.1.1 (RFC 2616's token), 1-64 bytes.
bool is_cookie_token(std::string_view s);

/// A lower-case host name for a cookie's Domain attribute (a leading '.' allowed, as
/// RFC 6265 section 5.2.3 ignores it), at most 253 bytes.
bool is_domain(std::string_view s);

/// A cookie's Path attribute: starts with '/', at most 512 bytes, no control
/// character or ';' (RFC 6265 section 4.1.1, path-value).
bool is_cookie_path(std::string_view s);

}  // namespace cookiegate::detail
