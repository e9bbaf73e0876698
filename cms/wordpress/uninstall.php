<?php
/**
 * Deleting the plugin deletes its settings (the proxy URL and the defaults); nothing else was stored.
 */

if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

foreach (array('recharge_widget_proxy_url', 'recharge_widget_type', 'recharge_widget_lang', 'recharge_widget_theme', 'recharge_widget_heading_level') as $option) {
    delete_option($option);
}
