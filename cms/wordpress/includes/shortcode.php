<?php
/**
 * [recharge_widget]: prints one <recharge-widget> element and enqueues its script. Every value
 * comes from the shortcode or the settings, is checked against what the widget accepts (anything
 * else is dropped, so the widget's own default applies) and is escaped when printed.
 *
 *   [recharge_widget type="normal" ddd="11" amount="1500" lang="en" heading-level="3" theme="dark"]
 *
 * There is deliberately no `grant` attribute: a grant belongs to one order and comes from the
 * merchant's server (the proxy's createOrderGrant), never from text typed into a page. Add it with
 * the `recharge_widget_attributes` filter, documented below.
 */

if (!defined('ABSPATH')) {
    exit;
}

/** Attributes holding a URL, escaped with esc_url (http/https only) instead of esc_attr. */
const RECHARGE_WIDGET_URL_ATTRIBUTES = array('api');

function recharge_widget_register_shortcode(): void
{
    add_shortcode('recharge_widget', 'recharge_widget_shortcode');
}

/**
 * @param array|string $atts What WordPress parsed from the shortcode ('' when it has none).
 */
function recharge_widget_shortcode($atts): string
{
    $atts = shortcode_atts(array(
        'type' => recharge_widget_setting('recharge_widget_type'),
        'lang' => recharge_widget_setting('recharge_widget_lang'),
        'theme' => recharge_widget_setting('recharge_widget_theme'),
        'heading-level' => (string) recharge_widget_setting('recharge_widget_heading_level'),
        'dealer' => '',
        'ddd' => '',
        'amount' => '',
    ), $atts, 'recharge_widget');

    $proxy_url = recharge_widget_setting('recharge_widget_proxy_url');
    if ($proxy_url === '') {
        return current_user_can('manage_options')
            ? '<p>' . esc_html__('Recharge widget: set the proxy URL under Settings → Recharge widget.', 'recharge-widget') . '</p>'
            : '';
    }
    recharge_widget_enqueue_module($proxy_url);
    $theme = recharge_widget_sanitize_theme($atts['theme']);
    if ($theme !== 'none') {
        recharge_widget_enqueue_themes();
    }

    /**
     * Filters the attributes of one <recharge-widget> element before they are escaped and printed.
     *
     * The way to add what only the merchant's server knows, such as an order grant:
     *
     *     add_filter('recharge_widget_attributes', function (array $attributes, array $atts) {
     *         $attributes['grant'] = my_shop_order_grant(); // from the proxy's createOrderGrant
     *         return $attributes;
     *     }, 10, 2);
     *
     * Names must be lowercase attribute names; on* names (inline event handlers) are dropped.
     * Values are escaped after the filter, so a filter never needs to escape.
     *
     * @param array<string, string> $attributes Attribute name => value ('' or null: left out).
     * @param array<string, string> $atts       The shortcode's attributes after defaults.
     */
    $attributes = apply_filters('recharge_widget_attributes', recharge_widget_element_attributes($atts, $proxy_url, $theme), $atts);
    return '<recharge-widget' . recharge_widget_attribute_html((array) $attributes) . '></recharge-widget>';
}

/** What the widget accepts, in the element's own attribute names; a value out of its set is dropped. */
function recharge_widget_element_attributes(array $atts, string $proxy_url, string $theme): array
{
    $heading_level = absint($atts['heading-level']);
    return array(
        'api' => $proxy_url,
        'type' => recharge_widget_sanitize_type($atts['type']),
        'lang' => recharge_widget_sanitize_lang($atts['lang']),
        'dealer' => recharge_widget_matching($atts['dealer'], '/^[A-Za-z0-9]{1,10}$/'),
        'ddd' => recharge_widget_matching($atts['ddd'], '/^[1-9][0-9]$/'),
        'amount' => recharge_widget_matching($atts['amount'], '/^[1-9][0-9]{0,8}$/'),
        'heading-level' => $heading_level >= 1 && $heading_level <= 6 ? (string) $heading_level : '',
        'class' => $theme === 'none' ? '' : 'recharge-theme-' . $theme,
    );
}

function recharge_widget_matching($value, string $pattern): string
{
    $text = is_scalar($value) ? (string) $value : '';
    return preg_match($pattern, $text) === 1 ? $text : '';
}

/** ` name="value"` for each attribute, every value escaped; invalid or on* names are dropped. */
function recharge_widget_attribute_html(array $attributes): string
{
    $html = '';
    foreach ($attributes as $name => $value) {
        $name = (string) $name;
        if (!preg_match('/^[a-z][a-z0-9-]*$/', $name) || strpos($name, 'on') === 0) {
            continue;
        }
        if ($value === null || $value === '' || $value === false || !is_scalar($value)) {
            continue;
        }
        $escaped = in_array($name, RECHARGE_WIDGET_URL_ATTRIBUTES, true)
            ? esc_url((string) $value, array('http', 'https'))
            : esc_attr((string) $value);
        if ($escaped !== '') {
            $html .= sprintf(' %s="%s"', $name, $escaped);
        }
    }
    return $html;
}
