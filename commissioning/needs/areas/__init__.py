"""Areas: England, regions, children's services authorities and localities, their other names, the home
area, and each authority's statistical neighbours."""
