// loadOptions methods for dropdowns (SKUs, service plans).
export {};
