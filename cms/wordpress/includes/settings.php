<?php
/**
 * Settings → Recharge widget: the proxy's URL and the defaults of every [recharge_widget], through
 * the Settings API (one option each, each with its sanitize callback). No secret is asked for: the
 * Carat credentials live in the proxy only.
 */

if (!defined('ABSPATH')) {
    exit;
}

const RECHARGE_WIDGET_SETTINGS_PAGE = 'recharge-widget';
const RECHARGE_WIDGET_SETTINGS_GROUP = 'recharge_widget';

/** The closed sets the widget understands; '' means "not set" (the widget's own default). */
const RECHARGE_WIDGET_TYPES = array('', 'normal', 'others', 'invoice');
const RECHARGE_WIDGET_LANGS = array('', 'pt-BR', 'en', 'es');
/** Themes are stylesheets of --recharge-* custom properties (assets/themes.css); 'none' follows the site. */
const RECHARGE_WIDGET_THEMES = array('none', 'light', 'dark');

/**
 * Each option with its default and sanitize callback. The proxy URL keeps the option name of
 * plugin 0.1 (which kept it under Settings → General), so an update keeps the merchant's value.
 */
function recharge_widget_options(): array
{
    return array(
        'recharge_widget_proxy_url' => array('default' => '', 'sanitize' => 'recharge_widget_sanitize_proxy_url'),
        'recharge_widget_type' => array('default' => '', 'sanitize' => 'recharge_widget_sanitize_type'),
        'recharge_widget_lang' => array('default' => '', 'sanitize' => 'recharge_widget_sanitize_lang'),
        'recharge_widget_theme' => array('default' => 'none', 'sanitize' => 'recharge_widget_sanitize_theme'),
        'recharge_widget_heading_level' => array('default' => 2, 'sanitize' => 'recharge_widget_sanitize_heading_level'),
    );
}

/** One setting value, or its default when unset or stored by hand with a value out of its set. */
function recharge_widget_setting(string $name)
{
    $options = recharge_widget_options();
    $stored = get_option($name, $options[$name]['default']);
    return call_user_func($options[$name]['sanitize'], $stored);
}

/**
 * http or https, with a host, no credentials, query or fragment; no trailing slash. http stays
 * allowed on purpose: a local trial runs the proxy at http://127.0.0.1:8080.
 */
function recharge_widget_sanitize_proxy_url($value): string
{
    $url = esc_url_raw(trim((string) $value), array('http', 'https'));
    $parts = $url === '' ? false : wp_parse_url($url);
    $valid = is_array($parts) && isset($parts['scheme'], $parts['host'])
        && !isset($parts['user']) && !isset($parts['pass'])
        && !isset($parts['query']) && !isset($parts['fragment']);
    if (!$valid) {
        if ((string) $value !== '' && function_exists('add_settings_error')) {
            add_settings_error('recharge_widget_proxy_url', 'invalid', __('The proxy URL must be an http or https address, such as https://shop.example.', 'recharge-widget'));
        }
        return '';
    }
    return untrailingslashit($url);
}

function recharge_widget_sanitize_type($value): string
{
    return recharge_widget_one_of($value, RECHARGE_WIDGET_TYPES, '');
}

function recharge_widget_sanitize_lang($value): string
{
    return recharge_widget_one_of($value, RECHARGE_WIDGET_LANGS, '');
}

function recharge_widget_sanitize_theme($value): string
{
    return recharge_widget_one_of($value, RECHARGE_WIDGET_THEMES, 'none');
}

function recharge_widget_sanitize_heading_level($value): int
{
    $level = absint($value);
    return $level >= 1 && $level <= 6 ? $level : 2;
}

/** Values are compared exactly (case included): the widget itself reads them that way. */
function recharge_widget_one_of($value, array $allowed, string $fallback): string
{
    $text = sanitize_text_field((string) $value);
    return in_array($text, $allowed, true) ? $text : $fallback;
}

function recharge_widget_register_settings(): void
{
    foreach (recharge_widget_options() as $name => $option) {
        register_setting(RECHARGE_WIDGET_SETTINGS_GROUP, $name, array(
            'type' => $name === 'recharge_widget_heading_level' ? 'integer' : 'string',
            'sanitize_callback' => $option['sanitize'],
            'default' => $option['default'],
            'show_in_rest' => false,
        ));
    }
    add_settings_section('recharge_widget_main', __('Widget defaults', 'recharge-widget'), 'recharge_widget_section_intro', RECHARGE_WIDGET_SETTINGS_PAGE);
    add_settings_field('recharge_widget_proxy_url', __('Proxy URL', 'recharge-widget'), 'recharge_widget_proxy_url_field', RECHARGE_WIDGET_SETTINGS_PAGE, 'recharge_widget_main', array('label_for' => 'recharge_widget_proxy_url'));
    add_settings_field('recharge_widget_type', __('Default type', 'recharge-widget'), 'recharge_widget_select_field', RECHARGE_WIDGET_SETTINGS_PAGE, 'recharge_widget_main', array(
        'label_for' => 'recharge_widget_type',
        'choices' => array('' => __('The shopper chooses', 'recharge-widget'), 'normal' => __('Phone top-up', 'recharge-widget'), 'others' => __('PIN product', 'recharge-widget'), 'invoice' => __('Bill payment', 'recharge-widget')),
    ));
    add_settings_field('recharge_widget_lang', __('Language', 'recharge-widget'), 'recharge_widget_select_field', RECHARGE_WIDGET_SETTINGS_PAGE, 'recharge_widget_main', array(
        'label_for' => 'recharge_widget_lang',
        'choices' => array('' => __('Widget default (Portuguese)', 'recharge-widget'), 'pt-BR' => 'Português (Brasil)', 'en' => 'English', 'es' => 'Español'),
    ));
    add_settings_field('recharge_widget_theme', __('Theme', 'recharge-widget'), 'recharge_widget_select_field', RECHARGE_WIDGET_SETTINGS_PAGE, 'recharge_widget_main', array(
        'label_for' => 'recharge_widget_theme',
        'choices' => array('none' => __('None (your theme\'s CSS)', 'recharge-widget'), 'light' => __('Light', 'recharge-widget'), 'dark' => __('Dark', 'recharge-widget')),
    ));
    add_settings_field('recharge_widget_heading_level', __('Heading level', 'recharge-widget'), 'recharge_widget_select_field', RECHARGE_WIDGET_SETTINGS_PAGE, 'recharge_widget_main', array(
        'label_for' => 'recharge_widget_heading_level',
        'choices' => array(1 => 'h1', 2 => 'h2', 3 => 'h3', 4 => 'h4', 5 => 'h5', 6 => 'h6'),
    ));
}

function recharge_widget_add_settings_page(): void
{
    add_options_page(__('Recharge widget', 'recharge-widget'), __('Recharge widget', 'recharge-widget'), 'manage_options', RECHARGE_WIDGET_SETTINGS_PAGE, 'recharge_widget_render_settings_page');
}

function recharge_widget_section_intro(): void
{
    echo '<p>' . esc_html__('The proxy holds your Carat Portal credentials; this site only needs its address. Each [recharge_widget] shortcode may override these defaults.', 'recharge-widget') . '</p>';
}

function recharge_widget_proxy_url_field(): void
{
    printf(
        '<input type="url" id="recharge_widget_proxy_url" name="recharge_widget_proxy_url" value="%s" class="regular-text" placeholder="https://shop.example" />',
        esc_attr(recharge_widget_setting('recharge_widget_proxy_url'))
    );
    echo '<p class="description">' . esc_html__('Where the proxy runs. http is accepted for local trials (http://127.0.0.1:8080); use https on a live site, and add this site\'s origin to the proxy\'s ALLOWED_ORIGINS.', 'recharge-widget') . '</p>';
}

function recharge_widget_select_field(array $args): void
{
    $name = $args['label_for'];
    $current = (string) recharge_widget_setting($name);
    printf('<select id="%1$s" name="%1$s">', esc_attr($name));
    foreach ($args['choices'] as $value => $label) {
        printf('<option value="%s"%s>%s</option>', esc_attr((string) $value), selected($current, (string) $value, false), esc_html($label));
    }
    echo '</select>';
}

function recharge_widget_render_settings_page(): void
{
    if (!current_user_can('manage_options')) {
        return;
    }
    echo '<div class="wrap"><h1>' . esc_html(get_admin_page_title()) . '</h1>';
    echo '<form action="options.php" method="post">';
    settings_fields(RECHARGE_WIDGET_SETTINGS_GROUP);
    do_settings_sections(RECHARGE_WIDGET_SETTINGS_PAGE);
    submit_button();
    echo '</form></div>';
}
