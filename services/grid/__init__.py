"""Grid & personnel service (网格与人员): territory, grids, roster, residents."""
