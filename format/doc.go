// Package format writes and reads the numbers, amounts of money, dates, ISO weeks,
// months and phone numbers people see on the site, in its PDFs and in its CSV files,
// so that each format exists once.
//
// Numbers and money are written the Dutch way in both languages (1.234, 7,5,
// € 12,50), as DESIGN.md asks: the site lives in Oss, and a visitor reading English
// still pays in euros with a decimal comma. Dates are written in the reader's language.
//
// format holds no words: the names of months and weekdays are translations, and every
// word a person reads comes from one place, views/i18n. A caller passes them in as
// Names (views.Names builds one from a localizer). format imports nothing of the
// project, so views, printables, handlers and models can all use it.
package format
