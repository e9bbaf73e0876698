<?php
/**
 * Plugin Name:       Recharge Widget
 * Description:       Mobile top-ups, PINs and bill payments through Carat Portal (e-SiTef). Shortcode: [recharge_widget type="normal"].
 * Version:           0.2.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Text Domain:       recharge-widget
 *
 * The plugin only prints the embed: the widget's module script (from the merchant's proxy) and the
 * <recharge-widget> element. It never holds a secret: the Carat merchant key and every other
 * credential stay in the proxy. Settings → Recharge widget sets the proxy's URL and the defaults.
 */

if (!defined('ABSPATH')) {
    exit;
}

require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/script-module.php';
require_once __DIR__ . '/includes/shortcode.php';

add_action('admin_init', 'recharge_widget_register_settings');
add_action('admin_menu', 'recharge_widget_add_settings_page');
add_action('init', 'recharge_widget_register_shortcode');
add_filter('script_loader_tag', 'recharge_widget_module_tag', 10, 3);
