<?php
/**
 * The widget's script, loaded from the merchant's proxy as an ES module (it is one; as a classic
 * script it would not parse). WordPress 6.5 has wp_enqueue_script_module; 6.1 to 6.4 do not, so
 * there the script is enqueued as a classic one and its tag rewritten to type="module".
 */

if (!defined('ABSPATH')) {
    exit;
}

const RECHARGE_WIDGET_SCRIPT_HANDLE = 'recharge-widget';
const RECHARGE_WIDGET_THEMES_HANDLE = 'recharge-widget-themes';
const RECHARGE_WIDGET_VERSION = '0.2.0';

/**
 * Enqueuing is idempotent, so ten shortcodes on a page load the script once. The version is null
 * (no ?ver=): the proxy serves the script no-cache with an ETag, so a new build reaches shoppers
 * at once without a cache-busting query.
 */
function recharge_widget_enqueue_module(string $proxy_url): void
{
    $src = $proxy_url . '/recharge-widget.js';
    if (function_exists('wp_enqueue_script_module')) {
        wp_enqueue_script_module(RECHARGE_WIDGET_SCRIPT_HANDLE, $src, array(), null);
        return;
    }
    // In the footer: the shortcode renders after wp_head, and a module is deferred anyway.
    wp_enqueue_script(RECHARGE_WIDGET_SCRIPT_HANDLE, $src, array(), null, true);
}

/**
 * script_loader_tag filter (WordPress before 6.5): our handle's tag becomes a module script. The
 * tag is written anew rather than patched, since 6.1 may print type="text/javascript" already.
 */
function recharge_widget_module_tag($tag, $handle, $src)
{
    if ($handle !== RECHARGE_WIDGET_SCRIPT_HANDLE) {
        return $tag;
    }
    return sprintf('<script type="module" src="%s" id="%s-js"></script>' . "\n", esc_url($src), esc_attr($handle));
}

/** The light and dark themes: plain custom properties, from a file (a strict CSP allows 'self' styles). */
function recharge_widget_enqueue_themes(): void
{
    wp_enqueue_style(RECHARGE_WIDGET_THEMES_HANDLE, plugins_url('assets/themes.css', dirname(__DIR__) . '/recharge-widget.php'), array(), RECHARGE_WIDGET_VERSION);
}
