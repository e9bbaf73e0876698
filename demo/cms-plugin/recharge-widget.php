<?php
/**
 * Plugin Name: Recharge Widget
 * Description: Mobile top-ups, PINs and bill payments through Carat Portal. Shortcode: [recharge_widget type="normal"] (the shopper pays by card; grant="<jwt>" when the shop's checkout already took the money).
 * Version: 0.1.0
 *
 * It prints the two tags of the embed: the module script (once per page) and the element. The
 * proxy's URL is set once under Settings → General ("Recharge proxy URL").
 */

if (!defined('ABSPATH')) {
    exit;
}

add_action('admin_init', function () {
    register_setting('general', 'recharge_widget_proxy_url', ['type' => 'string', 'sanitize_callback' => 'esc_url_raw']);
    add_settings_field('recharge_widget_proxy_url', 'Recharge proxy URL', function () {
        printf('<input type="url" name="recharge_widget_proxy_url" value="%s" class="regular-text" placeholder="https://shop.example" />',
            esc_attr(get_option('recharge_widget_proxy_url', '')));
    }, 'general');
});

add_shortcode('recharge_widget', function ($atts) {
    $atts = shortcode_atts(
        ['type' => '', 'lang' => '', 'grant' => '', 'dealer' => '', 'ddd' => '', 'amount' => '', 'heading-level' => ''],
        $atts,
        'recharge_widget'
    );
    $proxy = untrailingslashit((string) get_option('recharge_widget_proxy_url', ''));
    if ($proxy === '') {
        return current_user_can('manage_options') ? '<p>Recharge widget: set the proxy URL under Settings → General.</p>' : '';
    }

    $html = '';
    // The module is loaded once per page; loading it twice would be harmless, but is wasted bytes.
    static $script_printed = false;
    if (!$script_printed) {
        $html .= sprintf('<script type="module" src="%s"></script>', esc_url($proxy . '/recharge-widget.js'));
        $script_printed = true;
    }
    $attributes = sprintf(' api="%s"', esc_attr($proxy));
    foreach ($atts as $name => $value) {
        if ($value !== '') {
            $attributes .= sprintf(' %s="%s"', esc_attr($name), esc_attr($value));
        }
    }
    return $html . '<recharge-widget' . $attributes . '></recharge-widget>';
});
