<?php

/**
 * Autoloads the module's own classes (PSR-4 AmazonOrders\Bridge\ => module root) so its plain-PHP
 * classes are tested without Magento. In a Magento installation its dev/tests/unit setup does this.
 *
 * The few Magento and MSI types the tested classes name are stand-ins under Stub/ (a file per type,
 * by namespace, with only the methods the module calls and Magento's signatures), and __() in
 * Stub/functions.php. They load only when no such type or function is defined already.
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefixes = [
        'AmazonOrders\\Bridge\\' => dirname(__DIR__, 2) . '/',
        'Magento\\' => __DIR__ . '/Stub/Magento/',
    ];
    foreach ($prefixes as $prefix => $directory) {
        if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
            continue;
        }
        $file = $directory . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

require __DIR__ . '/Stub/functions.php';
