import { createContext, useContext } from 'react';
import type { Layout } from '../layout';
import { type PageNames, RENAMED_NAMES, STANDARD_NAMES } from '../names';

/** The page's layout flags and the class names they imply, for every component of the app. */
export interface PageLayout {
  flags: Layout;
  names: PageNames;
}

export function pageLayout(flags: Layout): PageLayout {
  return { flags, names: flags.has('renamed') ? RENAMED_NAMES : STANDARD_NAMES };
}

export const PageLayoutContext = createContext<PageLayout>(pageLayout(new Set()));

export function usePageLayout(): PageLayout {
  return useContext(PageLayoutContext);
}
