// listSearch methods for resource locators (users, groups).
export {};
