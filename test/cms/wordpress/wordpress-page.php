<?php
/**
 * One WordPress request, for the node test: reads a JSON scenario on stdin, loads the shim and the
 * plugin as WordPress would (plugin file, then init and admin_init), and writes what came out as
 * JSON. Scenario fields (all optional):
 *   options        stored option values (as if in wp_options)
 *   canManage      whether the visitor may manage options
 *   content        post content, run through do_shortcode
 *   addAttributes  a merchant's recharge_widget_attributes filter adding these attributes
 *   submit         option name => submitted value, through the setting's sanitize callback
 *   settingsPage   render Settings → Recharge widget
 *   uninstall      delete the plugin (uninstall.php) at the end; `options` shows what is left
 */

require __DIR__ . '/wp-shim.php';

$scenario = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$GLOBALS['wp_shim']['options'] = $scenario['options'] ?? array();
$GLOBALS['wp_shim']['can_manage'] = $scenario['canManage'] ?? false;

require dirname(__DIR__, 3) . '/cms/wordpress/recharge-widget.php';
do_action('init');
do_action('admin_init');
do_action('admin_menu');

if (isset($scenario['addAttributes'])) {
    add_filter('recharge_widget_attributes', function (array $attributes) use ($scenario) {
        return array_merge($attributes, $scenario['addAttributes']);
    });
}

$result = array(
    'html' => isset($scenario['content']) ? do_shortcode($scenario['content']) : null,
    'footer' => wp_shim_print_footer_scripts(),
    'scripts' => $GLOBALS['wp_shim']['scripts'],
    'modules' => $GLOBALS['wp_shim']['modules'],
    'styles' => $GLOBALS['wp_shim']['styles'],
    'settings' => array_keys($GLOBALS['wp_shim']['settings']),
    'sanitized' => array(),
    'settingsPage' => null,
);
foreach ($scenario['submit'] ?? array() as $option => $value) {
    $result['sanitized'][$option] = sanitize_option($option, $value);
}
$result['errors'] = $GLOBALS['wp_shim']['errors'];
if (!empty($scenario['settingsPage'])) {
    ob_start();
    call_user_func($GLOBALS['wp_shim']['pages']['recharge-widget']['callback']);
    $result['settingsPage'] = ob_get_clean();
}
if (!empty($scenario['uninstall'])) {
    define('WP_UNINSTALL_PLUGIN', 'recharge-widget/recharge-widget.php');
    require dirname(__DIR__, 3) . '/cms/wordpress/uninstall.php';
}
$result['options'] = $GLOBALS['wp_shim']['options'];
echo json_encode($result, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
