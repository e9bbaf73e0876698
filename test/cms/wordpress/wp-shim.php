<?php
/**
 * The WordPress functions the plugin calls, written after WordPress's documented behaviour (and its
 * source, wp-includes/{plugin,shortcodes,formatting,kses,option}.php), small enough to read. Only
 * what the plugin uses: a function the plugin calls and the shim lacks is a fatal error in the test.
 *
 * The WordPress version is WP_SHIM_VERSION (env): wp_enqueue_script_module exists from 6.5 on.
 * What the plugin enqueued is recorded in $GLOBALS['wp_shim'] for the test to read.
 */

define('ABSPATH', __DIR__ . '/');

$GLOBALS['wp_shim'] = array(
    'version' => getenv('WP_SHIM_VERSION') ?: '6.5',
    'options' => array(),
    'can_manage' => false,
    'filters' => array(),
    'shortcodes' => array(),
    'settings' => array(),
    'sections' => array(),
    'fields' => array(),
    'pages' => array(),
    'errors' => array(),
    'scripts' => array(),
    'modules' => array(),
    'styles' => array(),
);

// ---- plugin.php: hooks -----------------------------------------------------------------------

function add_filter($hook, $callback, $priority = 10, $accepted_args = 1)
{
    $GLOBALS['wp_shim']['filters'][$hook][$priority][] = array($callback, $accepted_args);
    return true;
}

function add_action($hook, $callback, $priority = 10, $accepted_args = 1)
{
    return add_filter($hook, $callback, $priority, $accepted_args);
}

/** Callbacks by ascending priority, then in the order added; each gets its first accepted_args arguments. */
function apply_filters($hook, $value, ...$args)
{
    $by_priority = $GLOBALS['wp_shim']['filters'][$hook] ?? array();
    ksort($by_priority);
    foreach ($by_priority as $callbacks) {
        foreach ($callbacks as [$callback, $accepted_args]) {
            $value = call_user_func_array($callback, array_slice(array_merge(array($value), $args), 0, $accepted_args));
        }
    }
    return $value;
}

function do_action($hook, ...$args)
{
    $by_priority = $GLOBALS['wp_shim']['filters'][$hook] ?? array();
    ksort($by_priority);
    foreach ($by_priority as $callbacks) {
        foreach ($callbacks as [$callback, $accepted_args]) {
            call_user_func_array($callback, array_slice($args, 0, $accepted_args));
        }
    }
}

// ---- shortcodes.php ---------------------------------------------------------------------------

function add_shortcode($tag, $callback)
{
    $GLOBALS['wp_shim']['shortcodes'][$tag] = $callback;
}

/** WordPress's get_shortcode_regex() for the registered tags. */
function get_shortcode_regex()
{
    $tagregexp = implode('|', array_map('preg_quote', array_keys($GLOBALS['wp_shim']['shortcodes'])));
    return '\\[(\\[?)(' . $tagregexp . ')(?![\\w-])([^\\]\\/]*(?:\\/(?!\\])[^\\]\\/]*)*?)(?:(\\/)\\]|\\](?:([^\\[]*+(?:\\[(?!\\/\\2\\])[^\\[]*+)*+)\\[\\/\\2\\])?)(\\]?)';
}

function do_shortcode($content)
{
    if (strpos($content, '[') === false || !$GLOBALS['wp_shim']['shortcodes']) {
        return $content;
    }
    return preg_replace_callback('/' . get_shortcode_regex() . '/', function ($m) {
        if ($m[1] === '[' && $m[6] === ']') {
            return substr($m[0], 1, -1); // [[escaped]]
        }
        $callback = $GLOBALS['wp_shim']['shortcodes'][$m[2]];
        $content = isset($m[5]) && $m[5] !== '' ? $m[5] : null;
        return $m[1] . call_user_func($callback, shortcode_parse_atts($m[3]), $content, $m[2]) . $m[6];
    }, $content);
}

/** Names lowercased; values without a name are numbered; a value with an unclosed tag becomes ''. */
function shortcode_parse_atts($text)
{
    $atts = array();
    $pattern = '/([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*\'([^\']*)\'(?:\s|$)|([\w-]+)\s*=\s*([^\s\'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|\'([^\']*)\'(?:\s|$)|(\S+)(?:\s|$)/';
    $text = preg_replace("/[\x{00a0}\x{200b}]+/u", ' ', $text);
    if (!preg_match_all($pattern, $text, $match, PREG_SET_ORDER)) {
        return ltrim($text);
    }
    foreach ($match as $m) {
        if (!empty($m[1])) {
            $atts[strtolower($m[1])] = stripcslashes($m[2]);
        } elseif (!empty($m[3])) {
            $atts[strtolower($m[3])] = stripcslashes($m[4]);
        } elseif (!empty($m[5])) {
            $atts[strtolower($m[5])] = stripcslashes($m[6]);
        } elseif (isset($m[7]) && strlen($m[7])) {
            $atts[] = stripcslashes($m[7]);
        } elseif (isset($m[8]) && strlen($m[8])) {
            $atts[] = stripcslashes($m[8]);
        } elseif (isset($m[9])) {
            $atts[] = stripcslashes($m[9]);
        }
    }
    foreach ($atts as &$value) {
        if (strpos($value, '<') !== false && preg_match('/^[^<]*+(?:<[^>]*+>[^<]*+)*+$/', $value) !== 1) {
            $value = '';
        }
    }
    return $atts;
}

/** Only the known names survive, each with the shortcode's value or the default. */
function shortcode_atts($pairs, $atts, $shortcode = '')
{
    $atts = (array) $atts;
    $out = array();
    foreach ($pairs as $name => $default) {
        $out[$name] = array_key_exists($name, $atts) ? $atts[$name] : $default;
    }
    if ($shortcode) {
        $out = apply_filters("shortcode_atts_{$shortcode}", $out, $pairs, $atts, $shortcode);
    }
    return $out;
}

// ---- option.php and the Settings API ------------------------------------------------------------

function get_option($option, $default_value = false)
{
    return array_key_exists($option, $GLOBALS['wp_shim']['options']) ? $GLOBALS['wp_shim']['options'][$option] : $default_value;
}

function delete_option($option)
{
    $existed = array_key_exists($option, $GLOBALS['wp_shim']['options']);
    unset($GLOBALS['wp_shim']['options'][$option]);
    return $existed;
}

/** register_setting hooks the sanitize callback on sanitize_option_{name}, as WordPress does. */
function register_setting($option_group, $option_name, $args = array())
{
    $GLOBALS['wp_shim']['settings'][$option_name] = array('group' => $option_group) + $args;
    if (!empty($args['sanitize_callback'])) {
        add_filter("sanitize_option_{$option_name}", $args['sanitize_callback']);
    }
}

/** What options.php does to a submitted value before update_option. */
function sanitize_option($option, $value)
{
    return apply_filters("sanitize_option_{$option}", $value, $option, $value);
}

function add_settings_section($id, $title, $callback, $page)
{
    $GLOBALS['wp_shim']['sections'][$page][$id] = array('title' => $title, 'callback' => $callback);
}

function add_settings_field($id, $title, $callback, $page, $section = 'default', $args = array())
{
    $GLOBALS['wp_shim']['fields'][$page][$section][$id] = array('title' => $title, 'callback' => $callback, 'args' => $args);
}

function add_settings_error($setting, $code, $message, $type = 'error')
{
    $GLOBALS['wp_shim']['errors'][] = array('setting' => $setting, 'code' => $code, 'message' => $message, 'type' => $type);
}

function add_options_page($page_title, $menu_title, $capability, $menu_slug, $callback = '')
{
    $GLOBALS['wp_shim']['pages'][$menu_slug] = array('title' => $page_title, 'capability' => $capability, 'callback' => $callback);
    return 'settings_page_' . $menu_slug;
}

function get_admin_page_title()
{
    $page = reset($GLOBALS['wp_shim']['pages']);
    return $page ? $page['title'] : '';
}

function settings_fields($option_group)
{
    echo "<input type='hidden' name='option_page' value='" . esc_attr($option_group) . "' />";
    echo '<input type="hidden" name="action" value="update" />';
}

function do_settings_sections($page)
{
    foreach ($GLOBALS['wp_shim']['sections'][$page] ?? array() as $id => $section) {
        echo '<h2>' . $section['title'] . "</h2>\n";
        call_user_func($section['callback'], $section);
        echo '<table class="form-table" role="presentation">';
        foreach ($GLOBALS['wp_shim']['fields'][$page][$id] ?? array() as $field) {
            $label = empty($field['args']['label_for'])
                ? $field['title']
                : '<label for="' . esc_attr($field['args']['label_for']) . '">' . $field['title'] . '</label>';
            echo '<tr><th scope="row">' . $label . '</th><td>';
            call_user_func($field['callback'], $field['args']);
            echo '</td></tr>';
        }
        echo '</table>';
    }
}

function submit_button()
{
    echo '<p class="submit"><input type="submit" name="submit" id="submit" class="button button-primary" value="Save Changes" /></p>';
}

function selected($selected, $current = true, $display = true)
{
    $result = (string) $selected === (string) $current ? " selected='selected'" : '';
    if ($display) {
        echo $result;
    }
    return $result;
}

function current_user_can($capability)
{
    return $capability === 'manage_options' && $GLOBALS['wp_shim']['can_manage'];
}

// ---- l10n.php: no translations loaded, so the text itself ---------------------------------------

function __($text, $domain = 'default')
{
    return $text;
}

function esc_html__($text, $domain = 'default')
{
    return esc_html($text);
}

// ---- formatting.php and kses.php ------------------------------------------------------------------

function wp_check_invalid_utf8($text)
{
    $text = (string) $text;
    return $text === '' || preg_match('/^./su', $text) === 1 ? $text : '';
}

/** _wp_specialchars with ENT_QUOTES and no double encoding of existing entities. */
function esc_attr($text)
{
    return htmlspecialchars(wp_check_invalid_utf8($text), ENT_QUOTES, 'UTF-8', false);
}

function esc_html($text)
{
    return htmlspecialchars(wp_check_invalid_utf8($text), ENT_QUOTES, 'UTF-8', false);
}

function wp_allowed_protocols()
{
    return array('http', 'https', 'ftp', 'ftps', 'mailto', 'news', 'irc', 'irc6', 'ircs', 'gopher', 'nntp', 'feed', 'telnet', 'mms', 'rtsp', 'sms', 'svn', 'tel', 'fax', 'xmpp', 'webcal', 'urn');
}

/**
 * WordPress's esc_url: drops characters a URL cannot hold, prepends http:// to a scheme-less
 * host, and returns '' when the scheme is not in $protocols (default wp_allowed_protocols()).
 */
function esc_url($url, $protocols = null, $_context = 'display')
{
    $url = (string) $url;
    if ($url === '') {
        return $url;
    }
    $url = str_replace(' ', '%20', ltrim($url));
    $url = preg_replace('|[^a-z0-9-~+_.?#=!&;,/:%@$\|*\'()\[\]\x80-\xff]|i', '', $url);
    if ($url === '') {
        return $url;
    }
    if (stripos($url, 'mailto:') !== 0) {
        $url = wp_shim_deep_replace(array('%0d', '%0a', '%0D', '%0A'), $url);
    }
    $url = str_replace(';//', '://', $url);
    if (strpos($url, ':') === false && !in_array($url[0], array('/', '#', '?'), true) && !preg_match('/^[a-z0-9-]+?\.php/i', $url)) {
        $url = 'http://' . $url;
    }
    if ($_context === 'display') {
        $url = wp_kses_normalize_entities($url);
        $url = str_replace('&amp;', '&#038;', $url);
        $url = str_replace("'", '&#039;', $url);
    }
    if ($url[0] === '/') {
        return $url;
    }
    $good_protocol_url = wp_kses_bad_protocol($url, is_array($protocols) ? $protocols : wp_allowed_protocols());
    return strtolower($good_protocol_url) === strtolower($url) ? $good_protocol_url : '';
}

function esc_url_raw($url, $protocols = null)
{
    return esc_url($url, $protocols, 'db');
}

function wp_shim_deep_replace($search, $subject)
{
    do {
        $before = $subject;
        $subject = str_replace($search, '', $subject);
    } while ($before !== $subject);
    return $subject;
}

/** A lone & becomes &amp;; named, decimal and hex entities stay. */
function wp_kses_normalize_entities($content)
{
    return preg_replace('/&(?!(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)/', '&amp;', $content);
}

function wp_kses_no_null($content)
{
    $content = preg_replace('/[\x00-\x08\x0B\x0C\x0E-\x1F]/', '', $content);
    return preg_replace('/\\\\+0+/', '', $content);
}

/** As WordPress does it: each numeric entity becomes one byte (chr), enough to reveal a scheme. */
function wp_kses_decode_entities($content)
{
    $content = preg_replace_callback('/&#([0-9]+);/', function ($m) {
        return chr((int) $m[1] % 256);
    }, $content);
    return preg_replace_callback('/&#[Xx]([0-9A-Fa-f]+);/', function ($m) {
        return chr((int) hexdec($m[1]) % 256);
    }, $content);
}

function wp_kses_bad_protocol($content, $allowed_protocols)
{
    $content = wp_kses_no_null($content);
    if ((strpos($content, 'https://') === 0 && in_array('https', $allowed_protocols, true))
        || (strpos($content, 'http://') === 0 && in_array('http', $allowed_protocols, true))) {
        return $content;
    }
    $iterations = 0;
    do {
        $original = $content;
        $content = wp_kses_bad_protocol_once($content, $allowed_protocols);
    } while ($original !== $content && ++$iterations < 6);
    return $original !== $content ? '' : $content;
}

function wp_kses_bad_protocol_once($content, $allowed_protocols, $count = 1)
{
    $content = preg_replace('/(&#0*58(?![;0-9])|&#x0*3a(?![;a-f0-9]))/i', '$1;', $content);
    $parts = preg_split('/:|&#0*58;|&#x0*3a;/i', $content, 2);
    if (isset($parts[1]) && !preg_match('%/\?%', $parts[0])) {
        $content = trim($parts[1]);
        $protocol = wp_kses_bad_protocol_once2($parts[0], $allowed_protocols);
        if ($protocol === 'feed:') {
            if ($count > 2) {
                return '';
            }
            $content = wp_kses_bad_protocol_once($content, $allowed_protocols, ++$count);
            if (empty($content)) {
                return $content;
            }
        }
        $content = $protocol . $content;
    }
    return $content;
}

function wp_kses_bad_protocol_once2($scheme, $allowed_protocols)
{
    $scheme = strtolower(wp_kses_no_null(preg_replace('/\s/', '', wp_kses_decode_entities($scheme))));
    foreach ((array) $allowed_protocols as $protocol) {
        if (strtolower($protocol) === $scheme) {
            return "$scheme:";
        }
    }
    return '';
}

function wp_parse_url($url, $component = -1)
{
    return parse_url($url, $component);
}

function untrailingslashit($value)
{
    return rtrim($value, '/\\');
}

function absint($maybeint)
{
    return abs((int) $maybeint);
}

function wp_strip_all_tags($text, $remove_breaks = false)
{
    $text = preg_replace('@<(script|style)[^>]*?>.*?</\\1>@si', '', (string) $text);
    $text = strip_tags($text);
    if ($remove_breaks) {
        $text = preg_replace('/[\r\n\t ]+/', ' ', $text);
    }
    return trim($text);
}

/** No tags, no line breaks or tabs, no percent-encoded octets, whitespace collapsed and trimmed. */
function sanitize_text_field($str)
{
    if (is_object($str) || is_array($str)) {
        return '';
    }
    $filtered = wp_check_invalid_utf8((string) $str);
    if (strpos($filtered, '<') !== false) {
        // wp_pre_kses_less_than: a "<" that opens no tag is kept, as &lt;.
        $filtered = preg_replace_callback('%<[^>]*?((?=<)|>|$)%', function ($m) {
            return strpos($m[0], '>') === false ? esc_html($m[0]) : $m[0];
        }, $filtered);
        $filtered = wp_strip_all_tags($filtered, false);
        $filtered = str_replace("<\n", "&lt;\n", $filtered);
    }
    $filtered = trim(preg_replace('/[\r\n\t ]+/', ' ', $filtered));
    $found = false;
    while (preg_match('/%[a-f0-9]{2}/i', $filtered, $match)) {
        $filtered = str_replace($match[0], '', $filtered);
        $found = true;
    }
    if ($found) {
        $filtered = trim(preg_replace('/ +/', ' ', $filtered));
    }
    return apply_filters('sanitize_text_field', $filtered, $str);
}

// ---- scripts and styles ------------------------------------------------------------------------------

function plugins_url($path = '', $plugin = '')
{
    return 'https://wp.example/wp-content/plugins/' . basename(dirname($plugin)) . '/' . ltrim($path, '/');
}

function wp_enqueue_script($handle, $src = '', $deps = array(), $ver = false, $args = array())
{
    $GLOBALS['wp_shim']['scripts'][$handle] = array('src' => $src, 'ver' => $ver, 'in_footer' => $args === true || !empty($args['in_footer']));
}

function wp_enqueue_style($handle, $src = '', $deps = array(), $ver = false, $media = 'all')
{
    $GLOBALS['wp_shim']['styles'][$handle] = array('src' => $src, 'ver' => $ver);
}

if (version_compare($GLOBALS['wp_shim']['version'], '6.5', '>=')) {
    function wp_enqueue_script_module($id, $src = '', $deps = array(), $version = false)
    {
        $GLOBALS['wp_shim']['modules'][$id] = array('src' => $src, 'version' => $version);
    }
}

/**
 * What the page's footer prints for the enqueued scripts: 6.5's module tags, or the classic tags
 * of 6.1 (type='text/javascript' and single quotes, as 6.1 prints them without html5 support),
 * each through the script_loader_tag filter.
 */
function wp_shim_print_footer_scripts()
{
    $html = '';
    foreach ($GLOBALS['wp_shim']['modules'] as $id => $module) {
        $src = $module['version'] === null ? $module['src'] : $module['src'] . '?ver=' . ($module['version'] ?: $GLOBALS['wp_shim']['version']);
        $html .= sprintf('<script type="module" src="%s" id="%s"></script>' . "\n", esc_url($src), esc_attr($id . '-js-module'));
    }
    foreach ($GLOBALS['wp_shim']['scripts'] as $handle => $script) {
        $src = $script['ver'] === null ? $script['src'] : $script['src'] . '?ver=' . ($script['ver'] ?: $GLOBALS['wp_shim']['version']);
        $tag = sprintf("<script type='text/javascript' src='%s' id='%s-js'></script>\n", esc_url($src), esc_attr($handle));
        $html .= apply_filters('script_loader_tag', $tag, $handle, $src);
    }
    return $html;
}
